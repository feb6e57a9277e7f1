"""Every file a person sends Hecha passes here before it is read.

Two guards, for every upload — evidence, document templates, registry files, the EMS sheets
sent back and the public verification copy:

- the request body is refused by its declared length (`UploadLimits`, a middleware placed
  before anything reads the body: Django reads no more than CONTENT_LENGTH, and nothing
  without it), with a limit per page;
- an Office file (DOCX, XLSX: zip archives) is opened only after `check_archive` has counted
  its entries and inflated every one of them in small pieces, discarding the output, to
  prove the sizes it declares: a zip bomb is refused having cost a few kilobytes of memory.

The limits are data (`LIMITS`), said in Chinese when they refuse.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

MB = 1024 * 1024


class UploadRefused(Exception):
    """The upload was not read further; the message is Chinese and says why."""


@dataclass(frozen=True)
class Limits:
    label: str  # what the upload is, in the refusal: 证据文件
    max_bytes: int  # the file (and the request body that carries it)
    max_entries: int = 1000  # archives: members
    max_inflated: int = 64 * MB  # archives: all members inflated, in all
    max_ratio: int = 100  # archives: one member's inflated size / its compressed size
    ratio_grace: int = 1 * MB  # members smaller than this inflated are not held to the ratio


# Apache POI (ZipSecureFile) refuses a member that inflates over 100 times: XML of real
# documents and sheets compresses 5-30 times.
LIMITS = {
    "evidence": Limits("证据文件", 10 * MB),
    "template": Limits("文书模板", 5 * MB, max_inflated=32 * MB),
    "copy": Limits("核对的副本", 20 * MB, max_inflated=16 * MB),
    "mail_sheet": Limits("邮寄清单", 20 * MB, max_inflated=128 * MB),
    # national-scale data: 2.4 million registered people are some 300 MB of CSV
    "registry": Limits("数据文件", 1024 * MB, max_entries=200, max_inflated=512 * MB),
    "form": Limits("提交的内容", 5 * MB),  # every other page
}

# the pages that take files: URL name -> the limits of their body
PAGES = {
    "cases:evidence": "evidence",
    "documents:templates": "template",
    "documents:verify": "copy",
    "cases:mailing": "mail_sheet",
    "registry:imports": "registry",
}
BODY_OVERHEAD = 64 * 1024  # the multipart envelope and the form's other fields


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".0 ", " ") if n < 1024 * MB else f"{n / 1024 / MB:g} GB"


def too_large(limits: Limits) -> str:
    return f"{limits.label}不能超过 {_mb(limits.max_bytes)}，未做任何处理"


def check_size(size: int | None, kind: str) -> None:
    limits = LIMITS[kind]
    if size is not None and size > limits.max_bytes:
        raise UploadRefused(too_large(limits))


def read(upload: Any, kind: str) -> bytes:
    """An uploaded file's bytes, refused before reading when it is larger than the limit."""
    check_size(getattr(upload, "size", None), kind)
    limits = LIMITS[kind]
    data = upload.read(limits.max_bytes + 1)
    check_size(len(data), kind)
    return data


# -- archives -------------------------------------------------------------------------

CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # the fixed part of a zip local file header


def is_archive(data: bytes | Path) -> bool:
    head = data[:4] if isinstance(data, bytes) else data.open("rb").read(4)
    return head == b"PK\x03\x04"


def _members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > limits.max_entries:
        raise UploadRefused(
            f"{limits.label}内含 {len(members)} 个文件，超过上限 {limits.max_entries}，未读取"
        )
    declared = sum(m.file_size for m in members)
    if declared > limits.max_inflated:
        raise UploadRefused(
            f"{limits.label}解压后达 {_mb(declared)}，超过上限 {_mb(limits.max_inflated)}，未读取"
        )
    for m in members:
        if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UploadRefused(f"{limits.label}使用了不支持的压缩方式，未读取")
        if m.flag_bits & 0x1:
            raise UploadRefused(f"{limits.label}已加密，无法读取")
        _check_ratio(m, m.file_size, limits)
    return members


def _check_ratio(member: zipfile.ZipInfo, inflated: int, limits: Limits) -> None:
    if inflated > limits.ratio_grace and inflated > limits.max_ratio * max(member.compress_size, 1):
        raise UploadRefused(
            f"{limits.label}中的 {member.filename} 压缩比异常（超过 {limits.max_ratio} 倍），"
            "疑为压缩炸弹，未读取"
        )


def _raw_stream(handle: IO[bytes], member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's compressed bytes as stored, in pieces."""
    handle.seek(member.header_offset)
    fixed = handle.read(_LOCAL_HEADER.size)
    if len(fixed) != _LOCAL_HEADER.size or fixed[:4] != b"PK\x03\x04":
        raise UploadRefused("文件已损坏（压缩包结构错误），未读取")
    fields = _LOCAL_HEADER.unpack(fixed)
    handle.seek(fields[9] + fields[10], 1)  # file name, extra field
    left = member.compress_size
    while left > 0:
        piece = handle.read(min(CHUNK, left))
        if not piece:
            raise UploadRefused("文件已损坏（压缩包不完整），未读取")
        left -= len(piece)
        yield piece


def _inflated_size(handle: IO[bytes], member: zipfile.ZipInfo, cap: int) -> int:
    """Inflate the member in small pieces, keeping nothing; stop as soon as it exceeds cap."""
    if member.compress_type == zipfile.ZIP_STORED:
        return sum(len(p) for p in _raw_stream(handle, member))
    inflater, total = zlib.decompressobj(-zlib.MAX_WBITS), 0
    try:
        for piece in _raw_stream(handle, member):
            while piece:
                total += len(inflater.decompress(piece, CHUNK))
                if total > cap:
                    return total
                piece = inflater.unconsumed_tail
        total += len(inflater.flush())
    except zlib.error:
        raise UploadRefused("文件已损坏（无法解压），未读取") from None
    return total


def _prove_sizes(handle: IO[bytes], members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """A member that inflates to more than it declares is a bomb for readers that trust
    the stream rather than the directory (calamine, LibreOffice)."""
    for m in members:
        actual = _inflated_size(handle, m, m.file_size)
        if actual != m.file_size:
            raise UploadRefused(
                f"{limits.label}中的 {m.filename} 实际大小与声明不符，疑为压缩炸弹，未读取"
            )


def check_archive(data: bytes | Path, kind: str) -> None:
    """Refuse an Office file (zip) with too many members, too much inflated content, a
    suspicious ratio, or sizes that lie — before any reader opens it."""
    import io

    limits = LIMITS[kind]
    handle: IO[bytes] = io.BytesIO(data) if isinstance(data, bytes) else data.open("rb")
    with handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                members = _members(archive, limits)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise UploadRefused(
                f"{limits.label}已损坏或不是 Office 文件（DOCX、XLSX），未读取"
            ) from None
        _prove_sizes(handle, members, limits)


# -- the request body -----------------------------------------------------------------


def body_limit(request: HttpRequest) -> Limits:
    from django.urls import Resolver404, resolve

    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        name = ""
    return LIMITS[PAGES.get(name, "form")]


def _refusal(request: HttpRequest, limits: Limits) -> HttpResponse:
    message = too_large(limits)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message}, status=413, json_dumps_params={"ensure_ascii": False}
        )
    html = render_to_string("413.html", {"message": message}, request=request)
    return HttpResponse(html, status=413)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimits:
    """Refuse a request body larger than its page takes, by its declared length, before
    any middleware or view reads a byte of it (Django reads no more than CONTENT_LENGTH)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length > LIMITS["form"].max_bytes:
            limits = body_limit(request)
            if length > limits.max_bytes + BODY_OVERHEAD:
                return _refusal(request, limits)
        return self.get_response(request)
