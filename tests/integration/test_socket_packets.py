"""The server sends its events as JSON text, without first walking every payload for
bytes to attach (facilitator/socket_json.py TextPacket): a snapshot arrives whole."""
from socketio.packet import BINARY_EVENT, EVENT

from facilitator import socketio
from facilitator.socket_json import TextPacket


def test_the_server_encodes_with_the_text_packet(app):
    assert socketio.server.packet_class is TextPacket
    payload = {"arguments": [{"id": 1, "text": "Meer bomen op het plein 🌳", "reactions": {"agree": 2}}], "seq": 4}
    encoded = TextPacket(EVENT, data=["snapshot", payload]).encode()
    assert isinstance(encoded, str)
    decoded = TextPacket(encoded_packet=encoded)
    assert decoded.packet_type == EVENT and decoded.data == ["snapshot", payload]


def test_a_packet_a_client_sends_with_attachments_is_still_read_as_binary(app):
    # Only what the server sends skips the walk; a client's binary packet is read as before
    # (and then refused by the handlers, which take JSON only).
    incoming = TextPacket(encoded_packet='51-["submit_argument",{"_placeholder":true,"num":0}]')
    assert incoming.packet_type == BINARY_EVENT and incoming.attachment_count == 1
