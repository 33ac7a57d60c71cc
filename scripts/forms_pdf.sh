#!/usr/bin/env bash
# Converts every .xlsx form in a directory to PDF with LibreOffice, so an analyst (or a test) can see
# the printed form: A4 landscape, merged header, repeated header rows.
#
# Usage: scripts/forms_pdf.sh DIR [OUTDIR]
#   DIR     directory holding app*.xlsx (e.g. the --out directory of `tizilim scan`)
#   OUTDIR  where the PDFs go (default: DIR)
# Exit status: 0 all converted; 1 soffice failed or a PDF is missing; 2 usage error or soffice not found.
# Needs: soffice (Debian: apt-get install -y libreoffice-calc-nogui).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIR [OUTDIR]" >&2
    exit 2
fi
dir=$1
out=${2:-$1}
if [[ ! -d $dir ]]; then
    echo "$0: $dir: not a directory" >&2
    exit 2
fi
if ! command -v soffice >/dev/null 2>&1; then
    echo "$0: soffice not found (install libreoffice-calc-nogui)" >&2
    exit 2
fi
mkdir -p "$out"

shopt -s nullglob
files=("$dir"/*.xlsx)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "$0: $dir: no .xlsx files" >&2
    exit 1
fi

# A private profile: concurrent runs do not fight over ~/.config/libreoffice, and a stale lock of an
# earlier crash cannot block the conversion.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

status=0
for f in "${files[@]}"; do
    pdf="$out/$(basename "${f%.xlsx}").pdf"
    rm -f "$pdf"
    if ! soffice -env:UserInstallation="file://$profile" --headless --norestore \
        --convert-to pdf --outdir "$out" "$f" >"$profile/log" 2>&1; then
        echo "$0: $f: soffice failed:" >&2
        cat "$profile/log" >&2
        status=1
        continue
    fi
    if [[ ! -s $pdf ]]; then
        echo "$0: $f: no PDF written" >&2
        cat "$profile/log" >&2
        status=1
        continue
    fi
    echo "$pdf"
done
exit $status
