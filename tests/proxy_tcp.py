"""A TCP relay between gunicorn and PostgreSQL for the fault tests (tests/test_pannes.py): the
test cuts it and restores it to play a PostgreSQL restart without touching the real server,
which other test runs share.

`couper()` closes every relayed connection (both ends, as a server shutting down does) and
stops listening, so that new connections are refused at once, as while PostgreSQL restarts;
`retablir()` listens again on the same port. Limits: plain bytes, no protocol knowledge; the
« restart » is instantaneous on the relay's side (no half-open connection, no slow start)."""

from __future__ import annotations

import contextlib
import socket
import threading


class RelaisTCP:
    def __init__(self, hote: str, port: int) -> None:
        self.cible = (hote, port)
        self.verrou = threading.Lock()
        self.sockets: set[socket.socket] = set()
        self.ecoute: socket.socket | None = None
        self.fin = threading.Event()
        self.accueil: threading.Thread | None = None
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]

    def demarrer(self) -> RelaisTCP:
        ecoute = socket.socket()
        ecoute.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ecoute.bind(("127.0.0.1", self.port))
        ecoute.listen(64)
        # accept() wakes up regularly to see whether the relay is cut (closing a listening
        # socket from another thread does not wake it on Linux).
        ecoute.settimeout(0.05)
        self.ecoute = ecoute
        self.fin = threading.Event()
        self.accueil = threading.Thread(target=self._accueillir, args=(ecoute, self.fin))
        self.accueil.daemon = True
        self.accueil.start()
        return self

    retablir = demarrer

    def couper(self) -> None:
        self.fin.set()
        if self.accueil is not None:
            self.accueil.join()
        if self.ecoute is not None:
            self.ecoute.close()
            self.ecoute = None
        with self.verrou:
            ouvertes, self.sockets = self.sockets, set()
        for s in ouvertes:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    arreter = couper

    def _accueillir(self, ecoute: socket.socket, fin: threading.Event) -> None:
        while not fin.is_set():
            try:
                client, _ = ecoute.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                serveur = socket.create_connection(self.cible, timeout=5)
            except OSError:
                client.close()
                continue
            serveur.settimeout(None)
            with self.verrou:
                self.sockets |= {client, serveur}
            for source, destination in ((client, serveur), (serveur, client)):
                threading.Thread(
                    target=self._pomper, args=(source, destination), daemon=True
                ).start()

    def _pomper(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while donnees := source.recv(65536):
                destination.sendall(donnees)
        except OSError:
            pass
        for s in (source, destination):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        # Each direction closes the socket it read from: both are closed once both have ended.
        with self.verrou:
            self.sockets.discard(source)
        source.close()
