"""The staff console at ``/console/``: server-rendered pages over the operator service layer.

Every page works without JavaScript (plain forms, redirects after POST); charts are SVG images
rendered on the server. Sessions live in the database (cookie holds a random token); every POST
carries the session's CSRF token; scoping is the operator API's ``StaffPrincipal``.
"""

from console.app import install_console

__all__ = ["install_console"]
