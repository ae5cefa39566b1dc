"""A throw-away redis-server on a free port, stopped and started again by outage tests."""

import shutil
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        # appendonly: the data outlives a restart, as in docker-compose's Redis
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(lambda s: s.connect_ex(("127.0.0.1", self.port)) == 0)
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self._wait(lambda s: s.connect_ex(("127.0.0.1", self.port)) != 0)

    def _wait(self, condition, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if condition(s):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not change state in {timeout} s")
