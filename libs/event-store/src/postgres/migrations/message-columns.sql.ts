/** Columns of a messages INSERT, in the order the functions fill them. */
export const MESSAGE_COLUMNS =
  'stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata, tenant_id, occurred_at';
/** The event arrays of the append functions, in column order. */
export const EVENT_ARRAYS =
  'p_event_ids, p_types, p_schema_versions, p_data, p_metadata, p_tenant_ids, p_occurred_at';
/** Declarations of the append functions' event array parameters. */
export const EVENT_PARAMETERS =
  'p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_data jsonb[], ' +
  'p_metadata jsonb[], p_tenant_ids text[], p_occurred_at timestamptz[]';
/** Types of those parameters, to name the functions in DROP FUNCTION. */
export const EVENT_PARAMETER_TYPES =
  'uuid[], text[], integer[], jsonb[], jsonb[], text[], timestamptz[]';
