"""The PySpark recipe of ``docs/crawl.md``, run on ``local[2]`` over WARC archives written here.

It runs where PySpark (``pip install -e '.[spark]'``, about 450 MB, not in the ``test`` extra) and a
Java runtime (``java`` on ``PATH``) are present, and is skipped with its reason otherwise. One Spark
session serves the module and is stopped at its end. Every page is invented text.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from wireparse import batch
from wireparse.batch import rows_from_path, spark_schema
from wireparse.cli import main

pytest.importorskip("pyspark", reason="the Spark recipe needs PySpark: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("the Spark recipe needs a Java runtime: no `java` on PATH", allow_module_level=True)
pq = pytest.importorskip("pyarrow.parquet", reason="reads the Parquet outputs back")

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

QUIET_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
logger.apache.name = org.apache
logger.apache.level = error
logger.sparkproject.name = org.sparkproject
logger.sparkproject.level = error
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""
"""Spark's JVM logs only errors (its default profile logs warnings at start-up). ``org.apache`` has
a level of its own: Spark takes the level of its first logger for the session's and, when that
differs from the root's, says so on the console."""


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from pyspark.sql import SparkSession  # noqa: PLC0415

    log4j2 = tmp_path_factory.mktemp("spark") / "log4j2.properties"
    log4j2.write_text(QUIET_LOG4J2)
    with pytest.MonkeyPatch.context() as mp:
        # the workers run this interpreter (and so import the wireparse under test), on loopback
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("wireparse-tests")
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j2}")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()
            stop_jvm()


def stop_jvm() -> None:
    """End the JVM PySpark started: ``SparkSession.stop()`` ends the Spark context, but the JVM
    process waits until this interpreter exits (it ends when its standard input closes)."""
    from pyspark import SparkContext  # noqa: PLC0415

    gateway = SparkContext._gateway
    if gateway is None:
        return
    SparkContext._gateway = SparkContext._jvm = None
    gateway.shutdown()
    proc = getattr(gateway, "proc", None)  # the spark-submit process: its JVM
    if proc is not None and proc.stdin is not None:
        proc.stdin.close()
        proc.wait(timeout=30)


# --- archives, written byte by byte ------------------------------------------------------------------


def story(i: int) -> str:
    city, agency = [("OSLO", "NTB"), ("NAIROBI", "AFP"), ("KESTRIN", "dpa")][i % 3]
    return (
        f"Ferry line {i} reopens\n\n"
        f"{city}, Jan {3 + i} ({agency}) - The ferry line {i} reopened on Tuesday after repairs.\n\n"
        f"The line {i} will run every hour.\n"
    )


def rid(i: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"


def record(kind: str, block: bytes, i: int, ctype: str, url: str | None = None) -> bytes:
    lines = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: {rid(i)}",
        f"WARC-Date: 2024-01-{1 + i % 28:02d}T08:00:00Z",
        *([f"WARC-Target-URI: {url}"] if url else []),
        f"Content-Type: {ctype}",
        f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def wet(i: int) -> bytes:
    return record("conversion", story(i).encode(), i, "text/plain", f"https://ferries.example/{i}")


def response(i: int, status: str = "200 OK") -> bytes:
    body = (
        f"<html><head><title>Ferry line {i}</title></head><body><pre>{story(i)}</pre></body></html>".encode()
    )
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}"
    url = f"https://ferries.example/{i}"
    return record("response", f"{head}\r\n\r\n".encode() + body, i, "application/http; msgtype=response", url)


def write_archive(path: Path, records: list[bytes]) -> list[int]:
    """Write ``records`` (one gzip member each for ``.gz``); return where each starts."""
    offsets = []
    with path.open("wb") as f:
        for rec in records:
            offsets.append(f.tell())
            f.write(gzip.compress(rec, mtime=0) if path.suffix == ".gz" else rec)
    return offsets


def archives(folder: Path) -> dict[str, dict[int, str]]:
    """A WET archive (gzip members) and a WARC of responses (plain, one of them a 404 and one a
    response whose HTTP head is cut short); return each one's page records: offset -> record id."""
    info = record("warcinfo", b"software: wireparse tests\r\n", 99, "application/warc-fields")
    wet_path, warc_path = folder / "crawl-0.warc.wet.gz", folder / "crawl-1.warc"
    at = write_archive(wet_path, [info, wet(0), wet(1), wet(2)])
    broken = record("response", b"HTTP/1.1 200", 7, "application/http; msgtype=response")
    at2 = write_archive(warc_path, [response(3), response(4, "404 Not Found"), broken, response(5)])
    return {
        str(wet_path): {at[1]: rid(0), at[2]: rid(1), at[3]: rid(2)},
        str(warc_path): {at2[0]: rid(3), at2[2]: rid(7), at2[3]: rid(5)},
    }


def by_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: r["id"])


def batch_rows(paths: list[str], out: Path, *flags: str) -> list[dict[str, Any]]:
    """The rows ``wireparse batch`` writes for ``paths``, as Parquet (exit code 3: a page failed)."""
    assert main(["batch", *paths, "-o", str(out), "-q", "--jobs", "1", *flags]) == 3
    return by_id(pq.read_table(out).to_pylist())


# --- the recipe --------------------------------------------------------------------------------------


def test_the_spark_recipe_gives_the_rows_of_wireparse_batch_with_their_provenance(
    spark: Any, tmp_path: Path
) -> None:
    written = archives(tmp_path)
    paths = list(written)
    out = str(tmp_path / "out")

    # the recipe, as docs/crawl.md gives it (paths: two local archives)
    schema = spark_schema()
    rows = spark.sparkContext.parallelize(paths, len(paths)).flatMap(rows_from_path)
    spark.createDataFrame(rows, schema=schema).write.parquet(out)

    table = pq.read_table(out)
    assert table.column_names == list(batch.COLUMNS)
    got = by_id(table.to_pylist())
    assert got == batch_rows(paths, tmp_path / "batch.parquet")
    # every page record once, a good one traced to its archive, offset and record id
    pages = by_id(
        [{"id": i, "input": p, "warc_offset": o} for p, rs in written.items() for o, i in rs.items()]
    )
    assert [r["id"] for r in got] == [r["id"] for r in pages]
    good, bad = [r for r in got if r["error_stage"] is None], [r for r in got if r["error_stage"]]
    assert [(r["input"], r["warc_offset"], r["warc_record_id"]) for r in good] == [
        (r["input"], r["warc_offset"], r["id"]) for r in pages if r["id"] != rid(7)
    ]
    assert [(r["warc_type"], r["content_type"], r["compression"]) for r in good] == [
        *[("conversion", "text/plain", "gzip")] * 3,
        *[("response", "text/html; charset=utf-8", None)] * 2,
    ]
    assert [r["warc_date"] for r in good] == [f"2024-01-0{i}T08:00:00Z" for i in (1, 2, 3, 4, 6)]
    assert [r["url"] for r in good] == [f"https://ferries.example/{i}" for i in (0, 1, 2, 3, 5)]
    assert [r["headline"] for r in good] == [f"Ferry line {i} reopens" for i in (0, 1, 2, 3, 5)]
    assert [r["format"] for r in good] == ["text"] * 3 + ["html"] * 2
    assert [r["dateline_agencies"] for r in good] == [["NTB"], ["AFP"], ["dpa"], ["NTB"], ["dpa"]]
    # the 404 is passed over; the response cut short is an error row that names its record and byte
    (error,) = bad
    assert error["id"] == rid(7) and error["error_stage"] == "read"
    (offset,) = (o for o, i in written[paths[1]].items() if i == rid(7))
    assert f"{paths[1]}: record {rid(7)} at byte {offset:,}" in error["error_message"]
    assert (error["input"], error["warc_record_id"], error["warc_offset"]) == (paths[1], rid(7), offset)


def test_the_spark_recipe_with_geo_gives_the_place_columns_of_batch_geo(spark: Any, tmp_path: Path) -> None:
    paths = list(archives(tmp_path))
    out = str(tmp_path / "out")

    schema = spark_schema(geo=True)
    rows = spark.sparkContext.parallelize(paths, len(paths)).flatMap(partial(rows_from_path, geo=True))
    spark.createDataFrame(rows, schema=schema).write.parquet(out)

    got = by_id(pq.read_table(out).to_pylist())
    assert got == batch_rows(paths, tmp_path / "batch.parquet", "--geo")
    assert [r["place_country"] for r in got] == ["NO", "KE", None, "NO", None, None]  # by id: 0-3, 5, then 7
