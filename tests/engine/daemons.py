"""Spark daemons for the tests, started from PySpark's own launchers and stopped without a trace.

A standalone cluster (``spark-class`` Master and Workers) and a Spark Connect server
(``spark-submit`` of SparkConnectServer), each daemon in a process group of its own so that
stopping it takes its children (the executors) too; :meth:`Daemons.stop` then checks that no
process started from the folder is left.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pyspark

SPARK_HOME = Path(pyspark.__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"daemon exited ({proc.returncode}): {log.read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on {port} after {timeout} s: {log.read_text()[-2000:]}")


class Daemons:
    """Spark daemons running from ``folder`` (their logs and work directories live there)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env = {**os.environ, "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1",
                    "SPARK_LOG_DIR": str(folder), "SPARK_WORKER_DIR": str(folder / "work"),
                    "SPARK_MASTER_OPTS": "-Dspark.master.rest.enabled=false",
                    # the master and workers only schedule: a quick start beats a fast JIT
                    "SPARK_DAEMON_JAVA_OPTS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}

    def _start(self, name: str, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(list(args), env=self.env, cwd=self.folder, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc, log

    def cluster(self, workers: int = 2) -> str:
        """A standalone master and ``workers`` workers (1 core, 1 GiB each); the master's URL."""
        port = free_port()
        spark_class = str(SPARK_HOME / "bin" / "spark-class")
        master, log = self._start("master", spark_class, "org.apache.spark.deploy.master.Master",
                                  "--host", "127.0.0.1", "--port", str(port),
                                  "--webui-port", str(free_port()))
        _wait_port(port, master, log)
        url = f"spark://127.0.0.1:{port}"
        for i in range(workers):
            self._start(f"worker{i}", spark_class, "org.apache.spark.deploy.worker.Worker", url,
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                        "--webui-port", str(free_port()), "--work-dir", str(self.folder / "work"))
        deadline = time.monotonic() + 120
        while log.read_text().count("Registering worker") < workers:
            if time.monotonic() > deadline:
                raise TimeoutError(f"workers did not register: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        return url

    def connect_server(self) -> str:
        """A Spark Connect server (local[1] behind it); its sc:// address."""
        port = free_port()
        proc, log = self._start(
            "connect", str(SPARK_HOME / "bin" / "spark-submit"),
            "--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "--master", "local[1]",
            "--conf", f"spark.connect.grpc.binding.port={port}",
            "--conf", "spark.connect.grpc.binding.address=127.0.0.1", "--conf", "spark.ui.enabled=false")
        _wait_port(port, proc, log)
        return f"sc://127.0.0.1:{port}"

    def stop(self) -> list[str]:
        """Stop every daemon and its children; the processes still running from the folder (none)."""
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        time.sleep(1)  # executors notice their worker is gone
        return self.left()

    def left(self) -> list[str]:
        """Processes whose command line or working directory lies in the folder, or in a group we
        started: what would leak."""
        groups = {p.pid for p in self.procs}
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                cwd = os.readlink(entry / "cwd")
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[0] == "Z":  # a zombie holds no resources; its parent reaps it
                continue
            if str(self.folder) in cmd or cwd.startswith(str(self.folder)) or int(stat[2]) in groups:
                found.append(f"{entry.name}: {cmd[:200]}")
        return found
