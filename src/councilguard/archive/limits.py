"""Sizes past which a scan stops holding data in memory."""

# One message is held whole while it is parsed; a larger one is recorded as skipped
# and streamed past. 100 MiB keeps a 50 MB attachment (about 68 MB once base64
# encoded) checkable while bounding what a worker can be asked to hold.
MAX_MESSAGE_BYTES = 100 * 1024 * 1024
