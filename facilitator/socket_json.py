"""The JSON module the Socket.IO server decodes packets with: the standard library's,
except that a payload nested too deeply for Python's parser (about 1,000 levels; a
message may hold far more) becomes an event nobody registered. The parser fails inside
python-socketio, before any handler, and the sender would hear nothing; this way it gets
the usual `invalid_payload` answer from the catch-all handler (facilitator/dispatch.py)."""
import json

UNPARSABLE_EVENT = "unparsable_payload"

dumps = json.dumps


def loads(text, *args, **kwargs):
    try:
        return json.loads(text, *args, **kwargs)
    except RecursionError:
        return [UNPARSABLE_EVENT]
