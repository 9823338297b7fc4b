-- Every resource of every type. The primary key (type, mesh, name) is the table itself
-- (WITHOUT ROWID), so listing one type in one mesh reads one contiguous key range, already in
-- (mesh, name) order. Global types have an empty mesh.
-- spec: the resource body as JSON text (protobuf-JSON conventions, spec/core.md §0).
-- creation_time, modification_time: microseconds since 1970-01-01T00:00:00Z.
CREATE TABLE resources (
    type              TEXT    NOT NULL,
    mesh              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    spec              TEXT    NOT NULL,
    creation_time     INTEGER NOT NULL,
    modification_time INTEGER NOT NULL,
    PRIMARY KEY (type, mesh, name)
) STRICT, WITHOUT ROWID;

-- Deleting a Mesh deletes every resource of that mesh. Partial (mesh-scoped resources only), so
-- that the planner never prefers it to the primary key for a listing, which cannot prove mesh <> ''.
CREATE INDEX resources_by_mesh ON resources (mesh) WHERE mesh <> '';
