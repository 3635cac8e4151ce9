"""Sans-I/O pgoutput decoding: bytes → typed messages (:mod:`.pgoutput`, :mod:`.messages`) →
whole committed transactions (:mod:`.assembler`).

Must not import asyncio, socket, psycopg, ``engine`` or ``wire``.
"""

from replica.decoder.assembler import (
    Event,
    NonTransactionalMessage,
    PreparedTransaction,
    RelationChanged,
    Transaction,
    TransactionAssembler,
    TypeChanged,
)
from replica.decoder.messages import *  # noqa: F403  (the message vocabulary is the API)
from replica.decoder.messages import __all__ as _messages_all
from replica.decoder.pgoutput import PROTO_VERSIONS, PgOutputDecoder, decode_tuple

__all__ = [
    *_messages_all,
    "PROTO_VERSIONS",
    "Event",
    "NonTransactionalMessage",
    "PgOutputDecoder",
    "PreparedTransaction",
    "RelationChanged",
    "Transaction",
    "TransactionAssembler",
    "TypeChanged",
    "decode_tuple",
]
