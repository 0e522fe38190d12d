"""A minimal Language Server Protocol client over stdio, for driving yaml-language-server from a test.

JSON-RPC messages framed with Content-Length headers; a reader thread queues what the server sends,
answers the server's own requests (configuration, capability registration, progress) so it never
stalls, and every wait has a timeout. `close()` asks for shutdown and exit, then kills the process if
it has not gone within the timeout: nothing is left running."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from typing import Any, Callable, Optional


class LspError(AssertionError):
    pass


class LspClient:
    def __init__(self, command: list[str], settings: dict, timeout: float = 30) -> None:
        self.settings = settings
        self.timeout = timeout
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self._next_id = 0
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._stderr: list[bytes] = []
        self._err_reader = threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr or ()),
                                            daemon=True)
        self._err_reader.start()

    # -- framing -------------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        with self._lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(out.read(length))
            if "method" in message and "id" in message:
                self._answer(message)
            else:
                self.inbox.put(message)

    def _answer(self, request: dict) -> None:
        method = request["method"]
        if method == "workspace/configuration":
            result: Any = [self.settings.get(item.get("section", ""), None)
                           for item in request["params"]["items"]]
        else:  # client/registerCapability, window/workDoneProgress/create, ...
            result = None
        self._send({"id": request["id"], "result": result})

    # -- API -------------------------------------------------------------------------------------
    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        rid = self._next_id
        self._send({"id": rid, "method": method, "params": params})
        message = self.wait(lambda m: m.get("id") == rid, f"a response to {method}")
        if "error" in message:
            raise LspError(f"{method}: {message['error']}")
        return message.get("result")

    def wait(self, match: Callable[[dict], bool], what: str, timeout: Optional[float] = None) -> dict:
        for seen in self.notifications:
            if match(seen):
                self.notifications.remove(seen)
                return seen
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError(f"timed out waiting for {what}; stderr: {self.stderr()[-2000:]}")
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise LspError(f"the server exited while waiting for {what}; stderr: {self.stderr()[-2000:]}")
            if match(message):
                return message
            if "method" in message:
                self.notifications.append(message)

    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
                self.proc.wait(timeout=self.timeout)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
