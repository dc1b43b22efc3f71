"""Connexion's routing middleware, finding a request's API by its base path.

Stock Connexion routes through a Starlette router that tries each API's mount in turn: a
regular expression and a new child scope per API, for every request, before the API's own
routes are tried. The mount whose base path starts the request's path is the one Starlette
would match first (mounts never match in part), so it is found with a string comparison and
handled as Starlette's router handles a match. A path under no base path goes to the stock
router, for its slash redirects and its default.
"""

from __future__ import annotations

from connexion.middleware.routing import RoutingMiddleware, _scope
from starlette.routing import Match, Mount
from starlette.types import Receive, Scope, Send


class PrefixRouting(RoutingMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mount = self._mount_for(scope) if scope["type"] == "http" else None
        if mount is None:
            await super().__call__(scope, receive, send)
            return
        match, child_scope = mount.matches(scope)
        if match is not Match.FULL:
            await super().__call__(scope, receive, send)
            return
        _scope.set(scope.copy())
        scope.setdefault("router", self.router)
        scope["route"] = mount
        scope.update(child_scope)
        await mount.handle(scope, receive, send)

    def _mount_for(self, scope: Scope) -> Mount | None:
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        for mount in self.router.routes:  # in the order added, as Starlette tries them
            if path.startswith(mount.path + "/"):
                return mount
        return None
