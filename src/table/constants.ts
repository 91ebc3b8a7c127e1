/**
 * @module table/constants
 * Limits of the table layer. The Keyspaces numbers come from the Amazon Keyspaces developer
 * guide ("Quotas for Amazon Keyspaces", "Estimate row size in Amazon Keyspaces") and the
 * Keyspaces API model summarised in docs `reference/cql.md` §1.5 (names); the CQL numbers
 * from the native protocol v4 spec (§6 value encodings) and Cassandra's `Attributes.MAX_TTL`.
 */

/**
 * Largest size in bytes of one row: its partition key, clustering key and regular values
 * (Keyspaces quota "Max row size", 1 MB, static data excluded).
 */
export const MAX_ROW_BYTES = 1_048_576;

/**
 * Largest size in bytes of the static data of one partition: its partition key and static
 * values (Keyspaces quota "Max static data per logical partition", 1 MB).
 */
export const MAX_STATIC_BYTES = 1_048_576;

/** Largest size in bytes of a partition key ("Partition keys can contain up to 2048 bytes of data"). */
export const MAX_PARTITION_KEY_BYTES = 2048;

/**
 * Largest size in bytes of the clustering key of a row, all clustering columns together
 * ("Clustering columns can store up to 850 bytes of data").
 */
export const MAX_CLUSTERING_KEY_BYTES = 850;

/** Longest keyspace or table name: `[a-zA-Z0-9][a-zA-Z0-9_]{0,47}` (Keyspaces API model). */
export const MAX_NAME_LENGTH = 48;

/**
 * Longest column name in UTF-8 bytes: a name travels as a native-protocol `[string]`, whose
 * length is an unsigned 16-bit integer (protocol v4 §3).
 */
export const MAX_COLUMN_NAME_BYTES = 65_535;

/** Deepest nesting of collections in one type (Keyspaces quota "Max number of nested frozen collections", 8). */
export const MAX_COLLECTION_NESTING = 8;

/** Largest `default_time_to_live`, in seconds: 20 years (Cassandra `Attributes.MAX_TTL`). */
export const MAX_TTL_SECONDS = 630_720_000;

/**
 * Largest magnitude of a decimal's scale. The wire format allows any int32, but a decimal's
 * canonical text spells every digit, so a scale of 2^31 would be a 2 GB string: sealtable
 * refuses scales whose text could not fit in a row anyway.
 */
export const MAX_DECIMAL_SCALE = 1_048_576;

/** Largest magnitude of a timestamp in milliseconds from the epoch: the range of a JS `Date`. */
export const MAX_TIMESTAMP_MS = 8.64e15;

/** Largest magnitude of a date in days from the epoch: the range of a JS `Date` (±100,000,000 days). */
export const MAX_DATE_DAYS = 100_000_000;

/** Nanoseconds in a day: a `time` value is in `[0, NANOS_PER_DAY)`. */
export const NANOS_PER_DAY = 86_400_000_000_000n;

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;

/** The `date` wire value of 1970-01-01: dates are unsigned 32-bit days with 2^31 at the epoch. */
export const DATE_EPOCH_OFFSET = 2 ** 31;
