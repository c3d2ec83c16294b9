// A QR code as an SVG path (byte mode, ECC M, quiet zone 4 modules), drawn on the phone.
import qrcode from "qrcode-generator";
import { useMemo } from "preact/hooks";

const QUIET_ZONE = 4;

function pathOf(payload: string): { size: number; d: string } {
  const qr = qrcode(0, "M");
  qr.addData(payload, "Byte");
  qr.make();
  const count = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { size: count + 2 * QUIET_ZONE, d: parts.join("") };
}

export function QrCode(props: { payload: string; label: string; testId?: string; step?: number }) {
  const { size, d } = useMemo(() => pathOf(props.payload), [props.payload]);
  return (
    <svg
      class="qr"
      data-testid={props.testId}
      data-step={props.step}
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
