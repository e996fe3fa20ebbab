"""Calls from the public: emergency 999 calls and non-emergency 101 calls (PEEL area: responding
to the public)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

CALLS_999 = record_schema(
    name="calls_999",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: call_ref (was call_id); the earlier names are still read, with a warning.",
    ),
    title="Emergency (999) calls",
    description=(
        "One row per 999 call that BT's operator put through to the force. The answering clock is the one "
        "BT publishes: it starts when BT presents the call to the force (the call reaches the force's "
        "telephone system and starts to ring or queue) and stops when a force call handler answers. The "
        "time the caller spent with BT's operator before that is not counted. A call is answered within "
        "10 seconds when `answered_at` is at most 10 seconds after `presented_at` (exactly 10 seconds "
        "counts as within). A call the caller ended before anyone answered still counts as a call received, "
        "and as not answered within 10 seconds."
    ),
    area=Area.RESPONSE,
    fields=(
        Field(
            "call_ref", "text", "The force's reference for the call.", example="E25-0301-0042", formerly=("call_id",)
        ),
        Field(
            "presented_at",
            "timestamp",
            "When BT presented the call to the force; the answering clock starts.",
            example="2025-03-01T10:00:00",
        ),
        Field(
            "answered_at",
            "timestamp",
            "When a force call handler answered; blank when the caller hung up first.",
            required=False,
            example="2025-03-01T10:00:07",
        ),
    ),
    key=("call_ref",),
    month_from="presented_at",
    checks=(RowCheck("answered_at >= presented_at", "answered before BT presented the call"),),
)

CALLS_101 = record_schema(
    name="calls_101",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: call_ref (was call_id); the earlier names are still read, with a warning.",
    ),
    title="Non-emergency (101) calls",
    description=(
        "One row per call that reached the force's 101 queue (after any national 101 routing message). "
        "Every call has one outcome: answered by a call handler, abandoned (the caller hung up before "
        "anyone answered and without taking a call-back), or call-back (the caller accepted the offer of "
        "a call-back and left the queue). The abandoned share is abandoned calls out of all calls received; "
        "call-backs are not abandoned."
    ),
    area=Area.RESPONSE,
    fields=(
        Field(
            "call_ref", "text", "The force's reference for the call.", example="N25-0301-0107", formerly=("call_id",)
        ),
        Field("received_at", "timestamp", "When the call joined the 101 queue.", example="2025-03-01T10:02:00"),
        Field(
            "outcome",
            "code",
            "How the call ended.",
            codes={
                "answered": "a call handler answered",
                "abandoned": "the caller hung up before an answer, without taking a call-back",
                "callback": "the caller accepted a call-back and left the queue",
            },
            example="answered",
        ),
        Field(
            "answered_at",
            "timestamp",
            "When a call handler answered (answered calls only).",
            required=False,
            example="2025-03-01T10:04:31",
        ),
        Field(
            "ended_at",
            "timestamp",
            "When the caller hung up or left the queue (abandoned and call-back calls).",
            required=False,
            example="",
        ),
        Field(
            "called_back_at",
            "timestamp",
            "When the force called back (call-back calls, once done).",
            required=False,
            example="",
        ),
    ),
    key=("call_ref",),
    month_from="received_at",
    checks=(
        RowCheck(
            "(outcome = 'answered') = (answered_at IS NOT NULL)",
            "an answered call needs answered_at, and only an answered call may have one",
        ),
        RowCheck("answered_at >= received_at", "answered before it was received"),
        RowCheck("ended_at >= received_at", "ended before it was received"),
        RowCheck("called_back_at >= received_at", "called back before the call was received"),
        RowCheck("outcome = 'callback' OR called_back_at IS NULL", "only a call-back call can have called_back_at"),
    ),
)
