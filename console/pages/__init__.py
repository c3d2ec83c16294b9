"""One module per console page; each holds a router built with ``ConsoleRoute``."""
