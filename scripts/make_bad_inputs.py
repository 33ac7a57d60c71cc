#!/usr/bin/env python3
"""Writes the bad-input corpus fixtures/bad/ (and its MANIFEST.tsv).

Every file is small and deterministic (seeded RNG, no timestamps): rerunning this script gives the
same bytes, so `git diff` after a rerun shows only intended changes. The two big inputs (a 50 MB
single-line text and a FlateDecode bomb inflating to gigabytes) are not here: tests/bad_inputs.rs
makes them at test time.

MANIFEST.tsv has one line per file: `file<TAB>expect<TAB>what`, where `expect` is
  error  - `tizilim parse` must report an error naming the file (exit status 1);
  ok     - the file must be read and parsed without an error (e.g. a legacy encoding);
  any    - an error or a parse are both acceptable, but no panic, no crash, bounded time/memory.
and for register files (`registry/`): `tizilim registry check` must name the file and the problem.

Usage: python3 scripts/make_bad_inputs.py   (from the repository root)
"""

import os
import random
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "fixtures", "bad")
FIX = os.path.join(ROOT, "fixtures")

RU = (
    "ПРИКАЗ Министра цифрового развития Республики Казахстан\n"
    "Об утверждении Правил оказания государственной услуги «Выдача справки»\n"
    "1. Утвердить прилагаемые Правила оказания государственной услуги.\n"
    "2. Настоящий приказ вводится в действие по истечении десяти календарных дней.\n"
)
KK = (
    "Қазақстан Республикасы Цифрлық даму министрінің БҰЙРЫҒЫ\n"
    "«Анықтама беру» мемлекеттік көрсетілетін қызмет қағидаларын бекіту туралы\n"
    "1. Қоса беріліп отырған мемлекеттік көрсетілетін қызмет қағидалары бекітілсін.\n"
    "2. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.\n"
)

manifest = []


def put(name, data, expect, what):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    manifest.append((name, expect, what))


# ---------------------------------------------------------------------------------------------
# PDF building blocks


def pdf(objects, trailer_extra="", xref=True, root=1, header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        xref_shift=0, startxref=None, prev_self=False):
    """A PDF from object bodies (bytes or str, numbered from 1) with a classic xref table."""
    out = bytearray(header)
    offsets = []
    for i, body in enumerate(objects, start=1):
        if isinstance(body, str):
            body = body.encode("latin-1")
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref_at = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for o in offsets:
            out += b"%010d 00000 n \n" % (o + xref_shift)
    if prev_self:
        trailer_extra += " /Prev %d" % xref_at
    out += (
        "trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref_at if startxref is None else startxref)
    ).encode("latin-1")
    return bytes(out)


def stream(dict_body, data):
    if isinstance(data, str):
        data = data.encode("latin-1")
    return b"<< " + dict_body.encode("latin-1") + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = "BT /F1 12 Tf 72 720 Td (1. Approved rules of the state service.) Tj ET"


def page_pdf(content=TEXT, resources="<< /Font << /F1 4 0 R >> >>", extra_objects=(), page_extra=""):
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 5 0 R %s >>"
        % (resources, page_extra),
        FONT,
        stream("", content) if isinstance(content, (str, bytes)) else content,
    ]
    objs.extend(extra_objects)
    return pdf(objs)


def make_pdfs():
    good = page_pdf()
    put("pdf/minimal_ok.pdf", good, "ok", "a valid one-page PDF (control: the synthetic PDFs around it are broken copies)")
    put("pdf/header_only.pdf", b"%PDF-1.7\n%%EOF\n", "error", "a PDF header and nothing else")
    put("pdf/truncated_half.pdf", good[: len(good) // 2], "any", "a small PDF cut in half (no xref, no trailer)")
    real = open(os.path.join(FIX, "pdf", "kaz_V2100022243.pdf"), "rb").read()
    put("pdf/truncated_real.pdf", real[:6000], "error", "the first 6000 bytes of a real act PDF")
    put("pdf/tail_of_real.pdf", b"%PDF-1.5\n" + real[-3000:], "error", "a PDF header followed by the last 3000 bytes of a real act PDF")
    put(
        "pdf/encrypted.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> /U <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> >>",
            ],
            trailer_extra="/Encrypt 4 0 R /ID [<0011> <0011>]",
        ),
        "error",
        "an encrypted (password-protected) PDF",
    )
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        FONT,
        stream("", TEXT),
    ]
    put("pdf/xref_offsets_wrong.pdf", pdf(objs, xref_shift=37), "any", "every xref offset points 37 bytes past its object")
    put("pdf/startxref_wrong.pdf", pdf(objs, startxref=999999), "any", "startxref points past the end of the file")
    put("pdf/no_xref.pdf", pdf(objs, xref=False, startxref=0), "any", "no xref table at all")
    put(
        "pdf/xref_prev_loop.pdf",
        pdf(objs, prev_self=True),
        "any",
        "the trailer's /Prev points back at the same xref table (an xref loop)",
    )
    # A content stream whose /Length is far too large / too small.
    body = TEXT.encode()
    put(
        "pdf/wrong_length_long.pdf",
        page_pdf(content=b"<< /Length 999999 >>\nstream\n" + body + b"\nendstream"),
        "any",
        "a content stream whose /Length runs past the end of the file",
    )
    put(
        "pdf/wrong_length_short.pdf",
        page_pdf(content=b"<< /Length 5 >>\nstream\n" + body + b"\nendstream"),
        "any",
        "a content stream whose /Length is shorter than the data",
    )
    put(
        "pdf/negative_length.pdf",
        page_pdf(content=b"<< /Length -40 >>\nstream\n" + body + b"\nendstream"),
        "any",
        "a content stream with a negative /Length",
    )
    comp = zlib.compress(body * 20)
    broken = comp[:10] + bytes(b ^ 0x5A for b in comp[10:40]) + comp[40:]
    put(
        "pdf/broken_flate.pdf",
        page_pdf(content=stream("/Filter /FlateDecode", broken)),
        "any",
        "a FlateDecode content stream with corrupted deflate data",
    )
    put(
        "pdf/unknown_filter.pdf",
        page_pdf(content=stream("/Filter [/FlateDecode /NoSuchDecode /LZWDecode]", comp)),
        "any",
        "a content stream with an unknown filter in a filter chain",
    )
    put(
        "pdf/page_tree_loop.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] /Count 3 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                FONT,
                stream("", TEXT),
            ]
        ),
        "any",
        "the page tree's /Kids contain the tree itself (a loop)",
    )
    put(
        "pdf/page_tree_mutual_loop.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
            ]
        ),
        "any",
        "two /Pages nodes that are each other's kids",
    )
    put(
        "pdf/huge_page_count.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                FONT,
                stream("", TEXT),
            ]
        ),
        "any",
        "a page tree claiming 2^31-1 pages",
    )
    form_self = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> /Font << /F1 4 0 R >> >>",
                       TEXT + " /X1 Do")
    put(
        "pdf/xobject_self_loop.pdf",
        page_pdf(
            content=TEXT + " /X1 Do",
            resources="<< /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>",
            extra_objects=[form_self],
        ),
        "any",
        "a Form XObject that draws itself (/X1 Do inside X1)",
    )
    form_a = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /B 7 0 R >> >>", "/B Do /B Do")
    form_b = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /A 6 0 R >> /Font << /F1 4 0 R >> >>",
                    TEXT + " /A Do /A Do")
    put(
        "pdf/xobject_mutual_loop.pdf",
        page_pdf(
            content="/A Do",
            resources="<< /XObject << /A 6 0 R >> >>",
            extra_objects=[form_a, form_b],
        ),
        "any",
        "two Form XObjects that draw each other twice each (a loop and exponential fan-out)",
    )
    # 24 levels of forms, each drawing the next twice: 2^24 draws if nothing bounds it.
    n = 24
    forms = []
    for i in range(n):
        nxt = 6 + i + 1
        if i + 1 < n:
            forms.append(stream("/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /N %d 0 R >> /Font << /F1 4 0 R >> >>" % nxt,
                                "BT /F1 1 Tf (x) Tj ET /N Do /N Do"))
        else:
            forms.append(stream("/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /Font << /F1 4 0 R >> >>", "BT /F1 1 Tf (x) Tj ET"))
    put(
        "pdf/xobject_fanout.pdf",
        page_pdf(content="/N Do", resources="<< /XObject << /N 6 0 R >> >>", extra_objects=forms),
        "any",
        "24 nested Form XObjects, each drawing the next twice (2^24 draws unbounded)",
    )
    put(
        "pdf/reference_chain_loop.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Resources 7 0 R /Contents 8 0 R >>",
                FONT,
                stream("", TEXT),
                "7 0 R",
                "6 0 R",
                "8 0 R",
            ]
        ),
        "any",
        "indirect objects that refer to each other (MediaBox/Resources/Contents resolve to a loop)",
    )
    deep = "[" * 50000 + "]" * 50000
    put(
        "pdf/deep_nested_arrays.pdf",
        page_pdf(page_extra="/Junk " + deep),
        "any",
        "an object with 50000 nested arrays",
    )
    put(
        "pdf/deep_nested_dicts_content.pdf",
        page_pdf(content="<<" * 20000 + ">>" * 20000 + " " + TEXT),
        "any",
        "a content stream with 20000 nested inline dictionaries",
    )
    put(
        "pdf/content_operator_junk.pdf",
        page_pdf(content="BT " + "Tj TJ ' \" Td TD Tm T* Tf Tc Tw Tz TL Ts Tr " * 200 + "q " * 5000 + "Q " * 7000 + "ET ET ET"),
        "any",
        "a content stream of operators without operands and unbalanced q/Q",
    )
    put(
        "pdf/nan_and_huge_numbers.pdf",
        page_pdf(content="BT /F1 1e308 Tf 1e308 -1e308 Td 99999999999999999999 0 0 0 0 0 Tm (x) Tj 0 0 0 0 0 0 Tm (y) Tj 3.4e38 Tz (z) Tj ET"),
        "any",
        "text matrices with overflowing, degenerate and zero-scale numbers",
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        "1 beginbfrange <0000> <FFFF> <D800> endbfrange\n"
        "2 beginbfrange <0000> <FFFF> [<0041> <0042>] <FFFF> <0000> <FFFFFFFFFFFFFFFFFFFFFFFF> endbfrange\n"
        "3 beginbfchar <01> <DC00> <0002> <> <00000000000000000000000000000000000000000003> endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    type0 = (
        "<< /Type /Font /Subtype /Type0 /BaseFont /Bad /Encoding /Identity-H /ToUnicode 7 0 R "
        "/DescendantFonts [6 0 R] >>"
    )
    put(
        "pdf/bad_tounicode.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                type0,
                stream("", "BT /F1 12 Tf 72 720 Td <0000000100020003FFFF> Tj [<0041> -99999 <00>] TJ ET"),
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bad /W [0 [1e9 -5] 1 65535 99999] /DW -1 >>",
                stream("", cmap),
            ]
        ),
        "any",
        "a Type0 font whose ToUnicode CMap maps 64K codes to lone surrogates and has inverted ranges",
    )
    put(
        "pdf/no_text_layer.pdf",
        page_pdf(content="0 0 m 100 100 l S 10 10 200 200 re f"),
        "any",
        "a PDF page with drawings but no text layer",
    )
    put(
        "pdf/objstm_garbage.pdf",
        pdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                FONT,
                stream("", TEXT),
                stream("/Type /ObjStm /N 1000000 /First 999999", "1 0 2 99999999 3 -5 garbage << /a [ ( \\"),
            ]
        ),
        "any",
        "an object stream whose /N and /First lie and whose offsets point nowhere",
    )


# ---------------------------------------------------------------------------------------------
# HTML


def make_html():
    page_ru = "<html><head><title>Приказ</title></head><body><h3>Глава 1. Общие положения</h3><p>" + RU.replace("\n", "</p><p>") + "</p></body></html>"
    page_kk = "<html><head><title>Бұйрық</title></head><body><h3>1-тарау. Жалпы ережелер</h3><p>" + KK.replace("\n", "</p><p>") + "</p></body></html>"
    put("html/cp1251_no_charset.html", page_ru.encode("cp1251"), "ok", "a Russian page in windows-1251 without a charset declaration")
    put("html/koi8r_no_charset.html", page_ru.replace("«", "\"").replace("»", "\"").encode("koi8_r"), "ok", "a Russian page in KOI8-R without a charset declaration")
    put("html/utf8_declared_cp1251.html",
        page_kk.replace("<head>", '<head><meta charset="windows-1251">').encode("utf-8"),
        "ok", "a Kazakh UTF-8 page that declares windows-1251")
    put("html/cp1251_declared_utf8.html",
        page_ru.replace("<head>", '<head><meta charset="utf-8">').encode("cp1251"),
        "ok", "a Russian windows-1251 page that declares UTF-8")
    put("html/utf16le_bom.html", b"\xff\xfe" + page_kk.encode("utf-16-le"), "ok", "a Kazakh page in UTF-16LE with a BOM")
    put("html/deep_nesting.html", "<html><body>" + "<div>" * 15000 + "1. Пункт" + "</div>" * 15000 + "</body></html>", "any",
        "15000 nested <div> elements")
    put("html/deep_unclosed.html", "<html><body>" + "<span><b><i>" * 10000 + "1. Тармақ", "any",
        "30000 nested inline elements, never closed")
    put("html/deep_tables.html", "<html><body>" + "<table><tr><td>" * 3000 + "1. Пункт", "any",
        "3000 tables nested in each other's cells, never closed")
    put("html/huge_spans.html",
        "<html><body><table border=1><tr><td colspan=2147483647 rowspan=65535>1. Пункт</td><td colspan=-1 rowspan=0>x</td></tr>"
        + "<tr><td colspan=99999999999999999999>y</td></tr></table></body></html>",
        "any", "table cells with absurd colspan/rowspan values")
    put("html/wide_table.html",
        "<html><body><table border=1>" + ("<tr>" + "<td>1</td>" * 2000 + "</tr>") * 5 + "</table></body></html>",
        "any", "a table 2000 cells wide")
    put("html/unclosed_comment.html", "<html><body><p>1. Пункт</p><!-- " + "x" * 10000, "any", "an HTML comment that never ends")
    put("html/script_only.html", "<html><head><script>" + "var a=1;" * 2000 + "</script></head><body></body></html>", "error",
        "a page with a script and no text at all: \"has no text to read\"")
    put("html/binary_after_tag.html", b"<html><body>" + bytes(random.Random(7).randrange(256) for _ in range(8000)), "any",
        "an <html> tag followed by 8000 random bytes")
    put("html/entities.html",
        "<html><body><p>1. &#0; &#xD800; &#x110000; &#99999999999; &notanentity; &amp" + "&#x41;" * 3000 + "</p></body></html>",
        "any", "invalid and out-of-range character references")
    put("html/long_attribute.html", '<html><body><p class="' + "a" * 60000 + '">1. Пункт</p></body></html>', "any",
        "an attribute value 60000 characters long")
    put("html/adilet_header_only.html",
        '<html><body><div class="slogan"><h1></h1><span class="status status_yts"></span><p></p></div></body></html>',
        "error", "adilet's header markup with nothing in it and no body text: \"has no text to read\"")


# ---------------------------------------------------------------------------------------------
# Text


def make_text():
    put("text/empty.txt", b"", "error", "an empty file")
    put("text/whitespace_only.txt", b" \n\t\r\n   \n", "error", "only whitespace")
    rng = random.Random(42)
    put("text/junk.bin", bytes(rng.randrange(256) for _ in range(4096)), "error", "4096 random bytes")
    put("text/junk_named.pdf", bytes(rng.randrange(256) for _ in range(4096)), "error", "random bytes in a file named .pdf")
    put("text/elf_header.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "error", "an ELF executable header in a .txt")
    nul = bytearray()
    for ch in RU.encode("utf-8"):
        nul.append(ch)
        nul.append(0)
    put("text/nul_laced.txt", bytes(nul), "error", "Russian UTF-8 text with a NUL after every byte (UTF-16 without a BOM)")
    put("text/few_nuls.txt", (KK + "\x00" + RU + "\x00").encode(), "error", "Kazakh and Russian text with two NUL bytes")
    bad = bytearray(RU.encode("utf-8"))
    for i in range(5, len(bad), 37):
        bad[i] = 0xFF
    put("text/invalid_utf8.txt", bytes(bad), "ok", "Russian UTF-8 text with every 37th byte replaced by 0xFF")
    put("text/overlong_utf8.txt", b"1. \xc0\xaf \xe0\x80\xaf \xed\xa0\x80 \xf4\x90\x80\x80 " + KK.encode(), "ok",
        "overlong encodings, UTF-8-encoded surrogates and code points above U+10FFFF before Kazakh text")
    put("text/utf16le_bom.txt", b"\xff\xfe" + KK.encode("utf-16-le"), "ok", "Kazakh text in UTF-16LE with a BOM")
    put("text/utf16be_bom.txt", b"\xfe\xff" + RU.encode("utf-16-be"), "ok", "Russian text in UTF-16BE with a BOM")
    put("text/utf16le_odd_length.txt", b"\xff\xfe" + KK.encode("utf-16-le") + b"\x41", "ok",
        "UTF-16LE with a BOM and an odd trailing byte")
    put("text/cp1251.txt", RU.encode("cp1251"), "ok", "Russian text in windows-1251")
    put("text/koi8r.txt", RU.replace("«", "\"").replace("»", "\"").encode("koi8_r"), "ok", "Russian text in KOI8-R")
    put("text/utf8_bom.txt", b"\xef\xbb\xbf" + KK.encode(), "ok", "Kazakh text with a UTF-8 BOM")
    put("text/control_chars.txt", "".join(c + "\x1b[31m\x07\x08" for c in KK[:200]), "any",
        "Kazakh text with terminal escape sequences and control characters between letters")
    put("text/bidi_combining.txt",
        "1. " + "\u202e\u2066" + "а\u0301\u0300\u0302\u0303" * 2000 + "\ufeff\u200b" + " 2) " + "🙂" * 500 + "\n" + KK,
        "ok", "bidi overrides, stacks of combining marks, emoji and zero-width characters")
    put("text/long_word.txt", "1. " + "а" * 50000 + "\n", "any", "a point whose text is one 50000-letter word")
    put("text/deep_numbering.txt", "".join("%s. Пункт\n" % ".".join(["1"] * d) for d in range(1, 200)), "any",
        "point numbers 1., 1.1., 1.1.1., ... 199 levels deep")
    put("text/many_points.txt", "".join("%d) %d. тармақ\n" % (i, i) for i in range(1, 5000)), "any",
        "5000 alternating subpoints and points")
    put("text/numbers_overflow.txt",
        "99999999999999999999999999. Пункт\n18446744073709551616) подпункт\n4294967296-1. тармақ\n"
        "Приложение 99999999999999999999 к Правилам\n31.02.2020 жылғы № 00/00\n00.00.0000\n",
        "any", "unit numbers and dates that overflow integers or do not exist")
    put("text/markdown_headings.md", "#" * 5000 + " Заголовок\n" + "> " * 3000 + "1. цитата\n" + "|" * 5000 + "\n", "any",
        "Markdown with 5000 #, 3000 nested quotes and a table row of bare pipes")
    put("text/crlf_cr_mixed.txt", KK.replace("\n", "\r") + RU.replace("\n", "\r\n") + "\x0c" * 100, "ok",
        "old-Mac CR and Windows CRLF line ends mixed, form feeds at the end")


# ---------------------------------------------------------------------------------------------
# Register files (for `tizilim registry check`)

COLUMNS = (
    "code,kind,name_ru,name_kk,subtype_ru,subtype_kk,recipients,ministry_ru,ministry_kk,provider_ru,"
    "provider_kk,intake_ru,intake_kk,paid,fee_basis,fee_amount,result_form,term,form,info_system,"
    "bylaw_title_ru,bylaw_title_kk,bylaw_number,bylaw_date,bylaw_registration_number"
)


def row(code, ru, kk):
    return "%s,state,%s,%s%s\n" % (code, ru, kk, "," * 21)


def make_registers():
    put("registry/wrong_columns.csv", "id,service,link\n1,Выдача справки,/x\n", "error", "a CSV whose columns are not the register's")
    put("registry/duplicate_codes.csv",
        COLUMNS + "\n" + row("00101001", "Выдача справки", "Анықтама беру") + row("00101001", "Выдача паспорта", "Төлқұжат беру"),
        "error", "two rows with the same service code")
    put("registry/header_only.csv", COLUMNS + "\n", "error", "a register header without rows: \"has no entries\"")
    put("registry/unterminated_quote.csv",
        COLUMNS + "\n" + '00101001,state,"Выдача справки,Анықтама беру' + "," * 21 + "\n" + row("00101002", "Выдача", "Беру"),
        "error", "a quoted field that never closes: \"never closed\", with its line")
    put("registry/short_rows.csv", COLUMNS + "\n00101001,state\n00101002\n", "error", "rows with 2 and 1 fields of 25")
    put("registry/junk.xlsx", b"PK\x03\x04" + bytes(random.Random(3).randrange(256) for _ in range(2000)), "error",
        "a ZIP signature followed by junk, named .xlsx")
    put("registry/binary.csv", bytes(random.Random(5).randrange(256) for _ in range(2000)), "error", "random bytes named .csv")


def main():
    random.seed(1)
    if os.path.isdir(OUT):
        for dirpath, _, files in os.walk(OUT):
            for f in files:
                if f != "README.md" and not dirpath.endswith("fuzz"):
                    os.remove(os.path.join(dirpath, f))
    make_pdfs()
    make_html()
    make_text()
    make_registers()
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("# file\texpect\twhat  (written by scripts/make_bad_inputs.py)\n")
        for name, expect, what in manifest:
            f.write("%s\t%s\t%s\n" % (name, expect, what))
    print("%d files in %s" % (len(manifest), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
