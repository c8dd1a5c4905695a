// The media type of an Arrow IPC stream: the Accept header that asks GET /api/v1/clients for one,
// and its answer's Content-Type. Alone in its module so importing it does not load apache-arrow.
export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
