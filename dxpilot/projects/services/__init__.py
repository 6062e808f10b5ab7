"""Project writes, one module per step of the workflow (DESIGN §3). Every function takes a
keyword-only actor, runs in one transaction, records a timeline event and an audit entry, and
refuses with a ValidationError that lists every broken rule."""
