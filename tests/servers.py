"""Real servers for tests that cross process boundaries: free ports, waiting for a listener, redis-server."""

import shutil
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        assert process.poll() is None, f"{what} exited with {process.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} is not listening on port {port}")


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of its own on a free port (Debian's redis-server, installed by scripts/system-deps test)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: run scripts/system-deps test (Debian package redis-server)"
    port = free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    wait_for_port(port, process, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
