"""Read a resident CSV into checked batches of register rows, here or in a helper process beside it.

Reading and checking a line costs about as much as writing it to the database, so a large file is
read by a second Python process (``python -m madoguchi.registry.csvreader ENCODING DATABASE``) while
this one writes: the helper gets the raw bytes on its standard input and sends back pickled events
on its standard output, with the rows already in the form the database binds (rows.py). Small
files are read here, where starting a process would cost more than it saves. This module does not
use Django, so the helper starts quickly and never touches the database.

Events, in order: ``("header", Header)``, then ``("batch", RowBatch)`` for each batch, then either
``("end", None)`` or ``("error", CellError)`` when the file cannot be read on (bad bytes, broken CSV).
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import shutil
import subprocess
import sys
import threading
from collections.abc import Generator, Iterator
from typing import IO, Any

from madoguchi.registry.csvformat import BatchReader, CellError, Header, read_header
from madoguchi.registry.rows import FORMATS, RowBatch, RowBuilder

BATCH_SIZE = 2000
# Files at least this large are read by a helper process (about 40,000 lines of a typical export).
HELPER_MIN_BYTES = 8 * 1024 * 1024
_CHUNK_BYTES = 1024 * 1024
_HELPER = ["-m", "madoguchi.registry.csvreader"]
_HELPER_STOPPED = "読み込み用の補助プロセスが途中で終了しました（取込をやめました）"
Event = tuple[str, Header | RowBatch | CellError | None]
Events = Generator[Event, None, None]


def read_events(stream: IO[bytes], encoding: str, database: str) -> Events:
    """Yield the events of the file, rows built for ``database``; a helper process reads a large file."""
    if _size(stream) >= HELPER_MIN_BYTES:
        return _events_from_helper(stream, encoding, database)
    return _events(stream, encoding, database)


def _size(stream: IO[bytes]) -> int:
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END) - position
    stream.seek(position)
    return size


def _events(stream: IO[bytes], encoding: str, database: str) -> Events:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    reader = csv.reader(text)
    line = 1
    try:
        header = read_header(next(reader, []))
        yield "header", header
        if header.errors:
            return
        checks, rows = BatchReader(header), RowBuilder(database)
        for lines, cells in _batches(reader):
            yield "batch", rows.rows(checks.read(lines, cells))
            line = lines[-1]
        yield "end", None
    except UnicodeDecodeError:
        # The decoder reads ahead in blocks, so the place is known only to the batch.
        message = f"この行以降に、文字コード{encoding}として読めない文字があります（取込をやめました）"
        yield "error", CellError(line + 1, "", "", message)
    except csv.Error as error:
        yield "error", CellError(line + 1, "", "", f"CSVとして読めません: {error}")
    finally:
        text.detach()


def _batches(reader: Any) -> Iterator[tuple[list[int], list[list[str]]]]:
    """Yield the non-blank lines in batches: their line numbers and their cells."""
    lines: list[int] = []
    rows: list[list[str]] = []
    for cells in reader:
        if any(map(str.strip, cells)):
            # line_num counts physical lines, so a quoted field with a line break keeps later numbers right.
            lines.append(reader.line_num)
            rows.append(cells)
            if len(rows) >= BATCH_SIZE:
                yield lines, rows
                lines, rows = [], []
    if rows:
        yield lines, rows


def _events_from_helper(stream: IO[bytes], encoding: str, database: str) -> Events:
    command = [sys.executable, *_HELPER, encoding, database]
    helper = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # noqa: S603
    assert helper.stdin is not None and helper.stdout is not None
    feeder = threading.Thread(target=_feed, args=(stream, helper.stdin), daemon=True)
    feeder.start()
    line = 1
    try:
        while True:
            try:
                event: Event = pickle.load(helper.stdout)  # noqa: S301 (our own helper's output)
            except EOFError:
                yield "error", CellError(line + 1, "", "", _HELPER_STOPPED)
                break
            yield event
            kind, found = event
            if isinstance(found, RowBatch) and found.lines:
                line = found.lines[-1]
            if kind in ("end", "error") or (isinstance(found, Header) and found.errors):
                break
    finally:
        helper.kill()
        helper.wait()
        helper.stdout.close()
        feeder.join()


def _feed(stream: IO[bytes], pipe: IO[bytes]) -> None:
    try:
        shutil.copyfileobj(stream, pipe, _CHUNK_BYTES)
        pipe.close()
    except (BrokenPipeError, ValueError, OSError):
        # The helper stopped first (it found an error, or it was killed): nothing more to send.
        pass


def main() -> int:
    """Run as the helper: read standard input, write the pickled events to standard output."""
    if len(sys.argv) != 3 or sys.argv[2] not in FORMATS:
        usage = f"使い方: python -m madoguchi.registry.csvreader 文字コード {{{'|'.join(FORMATS)}}}"
        print(usage, file=sys.stderr)
        return 2
    encoding, database = sys.argv[1], sys.argv[2]
    out = os.fdopen(sys.stdout.fileno(), "wb", buffering=_CHUNK_BYTES, closefd=False)
    try:
        for event in _events(sys.stdin.buffer, encoding, database):
            pickle.dump(event, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
