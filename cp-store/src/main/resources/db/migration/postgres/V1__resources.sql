-- Every resource of every type. Listing one type in one mesh is a range scan of the primary key
-- (type, mesh, name), already in (mesh, name) order: the key columns use the "C" collation so that
-- the order is the byte order of the names, the same as the other stores, whatever the database's
-- locale. Global types have an empty mesh.
-- spec: the resource body as JSON text (protobuf-JSON conventions, spec/core.md §0).
CREATE TABLE resources (
    type              text COLLATE "C" NOT NULL,
    mesh              text COLLATE "C" NOT NULL,
    name              text COLLATE "C" NOT NULL,
    version           bigint           NOT NULL,
    spec              text             NOT NULL,
    creation_time     timestamptz      NOT NULL,
    modification_time timestamptz      NOT NULL,
    CONSTRAINT resources_pkey PRIMARY KEY (type, mesh, name)
);

-- Deleting a Mesh deletes every resource of that mesh (mesh-scoped resources only).
CREATE INDEX resources_by_mesh ON resources (mesh) WHERE mesh <> '';

-- Every committed change is announced to every control plane listening on the channel
-- portico_resource_events (the store's change feed), with the version after the change (the last
-- version for a deletion). Notifications are delivered in commit order.
CREATE FUNCTION portico_notify_resource_event() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    r resources;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    PERFORM pg_notify('portico_resource_events',
                      json_build_object('action', TG_OP, 'type', r.type, 'mesh', r.mesh,
                                        'name', r.name, 'version', r.version)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER resources_notify
    AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION portico_notify_resource_event();
