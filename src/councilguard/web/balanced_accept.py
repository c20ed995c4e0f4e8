"""Several server processes on one listening socket, each taking new connections only
while it holds no more of them than any other process.

Left to itself, every waitress process accepts whatever arrives as soon as its loop wakes,
so a burst of keep-alive connections lands unevenly: measured with 20 clients and 2
processes, 9/11, 2/18 and even 20/0. A kept-alive connection stays with its process, so
one process then queues every request while the other core idles. Here each process
publishes its number of open connections in memory shared with the others (mapped before
the fork) and listens only while its number is the lowest (ties listen together; the
kernel gives a connection to one of them, the other's accept finds nothing). The busiest
process stops listening, so 20 connections split 10/10 and stay that way.
"""

from __future__ import annotations

import mmap
import socket
import struct

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

# How long a process that stopped listening sleeps before it looks at the others' counts
# again (waitress's own loop sleeps up to a second: a connection could wait that long
# while the process that should take it slept).
LOOK_AGAIN_S = 0.02
_SLOT = struct.Struct("i")


class ConnectionCounts:
    """One number per server process: its open connections, in anonymous shared memory
    created before the fork (so every process sees every other's)."""

    def __init__(self, processes: int):
        self.processes = processes
        self._memory = mmap.mmap(-1, _SLOT.size * processes)

    def set(self, slot: int, count: int) -> None:
        _SLOT.pack_into(self._memory, slot * _SLOT.size, count)

    def get(self, slot: int) -> int:
        return _SLOT.unpack_from(self._memory, slot * _SLOT.size)[0]

    def fewest(self) -> int:
        return min(self.get(slot) for slot in range(self.processes))


class BalancedServer(TcpWSGIServer):
    """waitress's TCP server on a listening socket shared with other processes, accepting
    only while this process has the fewest open connections."""

    def __init__(self, application, sock: socket.socket, counts: ConnectionCounts, slot: int, **options):  # noqa: ANN001
        adj = Adjustments(sockets=[sock], **options)
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        self.counts, self.slot = counts, slot
        super().__init__(
            application,
            map={},
            _sock=sock,
            dispatcher=dispatcher,
            adj=adj,
            bind_socket=False,
            sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
        )

    def readable(self) -> bool:
        # Called by the loop before every poll: the right moment to publish our count.
        open_here = len(self.active_channels)
        self.counts.set(self.slot, open_here)
        return super().readable() and open_here <= self.counts.fewest()

    def run(self) -> None:
        try:
            wasyncore.loop(timeout=LOOK_AGAIN_S, map=self._map, use_poll=True)
        except (SystemExit, KeyboardInterrupt):  # stopped, as waitress's own run() is
            self.task_dispatcher.shutdown()
