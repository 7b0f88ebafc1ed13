"""The JSON module the Socket.IO server decodes packets with: the standard library's,
except that a payload nested too deeply for Python's parser (about 1,000 levels; a
message may hold far more) becomes an event nobody registered. The parser fails inside
python-socketio, before any handler, and the sender would hear nothing; this way it gets
the usual `invalid_payload` answer from the catch-all handler (facilitator/dispatch.py).

`TextPacket` is the packet the server sends with: JSON text only."""
import json

from socketio.packet import Packet

UNPARSABLE_EVENT = "unparsable_payload"

dumps = json.dumps


def loads(text, *args, **kwargs):
    try:
        return json.loads(text, *args, **kwargs)
    except RecursionError:
        return [UNPARSABLE_EVENT]


class TextPacket(Packet):
    """python-socketio walks every value of every packet it sends, looking for bytes to
    send as binary attachments: for a snapshot of 40 arguments that took 0.30 ms, twice
    what encoding it takes. Buurttafel sends JSON only, so there is nothing to look for
    (bytes would now fail loudly in `dumps` instead of going out as an attachment)."""

    @classmethod
    def data_is_binary(cls, data) -> bool:
        return False
