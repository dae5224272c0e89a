"""The `Node` interface: one globally unique, opaque `id` per object with an identity.

Client caches key objects by it with no configuration (Apollo Client's InMemoryCache and urql's
graphcache read `id`; Relay reads `Node.id`), and `Query.node(id)` / `Query.nodes(ids)` fetch any
of them again (schema/query.py), with the same access control as the type's own root field. The id
is base64 of "Type:key" (resolvers/ids.py): clients must treat it as opaque.
"""

from __future__ import annotations

import strawberry

from resolvers import ids

NODE_DESCRIPTION = (
    "An object with an identity: its `id` is unique across the whole graph and stable, so client caches "
    "(Apollo Client, urql's graphcache, Relay) store it once. `Query.node(id)` fetches it again."
)
ID_DESCRIPTION = "Globally unique, opaque id of this object (the same object always has the same id)."


@strawberry.interface(description=NODE_DESCRIPTION)
class Node:
    def node_key(self) -> str:
        """The type's own key (a person's NOMIS number or CRN, a location's key ...)."""
        raise NotImplementedError

    @strawberry.field(description=ID_DESCRIPTION)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.global_id(type(self).__name__, self.node_key()))
