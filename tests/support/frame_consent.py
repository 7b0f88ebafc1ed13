"""A table agrees its frame by consent over real sockets, as a facilitator and phones do:
the first proposal meets an objection with a reason, the facilitator amends, the second is
agreed. Used by the round tests, whose tables each agree their frame before they decide."""

OBJECTION = "Er staat niets in over onderhoud"


def agree_frame_with_one_objection(console, phones, frame: dict) -> dict:
    """Returns the frame as agreed (the amended one), after checking the first proposal
    was refused with the objection's reason on record."""
    assert console.emit("set_phase", {"phase": "kaders"})["ok"]
    assert console.emit("save_frame", frame)["ok"]
    assert console.emit("propose_frame")["ok"]
    assert phones[0].emit("give_frame_signal", {"level": 5, "reason": OBJECTION})["ok"]
    for phone in phones[1:]:
        assert phone.emit("give_frame_signal", {"level": 1})["ok"]
    seen = len(console.received)
    assert console.emit("close_frame_round")["ok"]
    refused = console.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["latest"]["outcome"] is not None,
                               after=seen)["frame_consent"]
    assert refused["latest"]["outcome"] == "no_consensus" and refused["latest"]["objections"] == [OBJECTION]

    amended = {**frame, "conditions": (frame.get("conditions") or "") + " Onderhoud telt mee in de kosten."}
    assert console.emit("save_frame", amended)["ok"]
    assert console.emit("propose_frame")["ok"]
    for phone in phones:
        assert phone.emit("give_frame_signal", {"level": 2})["ok"]
    seen = len(console.received)
    assert console.emit("close_frame_round")["ok"]
    agreed = console.wait_for("frame_consent_changed", lambda e: e["frame_consent"]["agreed"] is not None,
                              after=seen)["frame_consent"]["agreed"]
    assert agreed["proposal"] == {**amended, **{k: agreed["proposal"][k] for k in agreed["proposal"]
                                                if k not in amended}}
    return agreed["proposal"]
