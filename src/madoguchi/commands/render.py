"""`madoguchi render FORM_ID --pack DIR --data FILE.json --out FILE.pdf`: one form, filled from case data."""

from __future__ import annotations

import argparse
from pathlib import Path

from madoguchi.commands import CommandError, JapaneseArgumentParser, on_date, parse, read_json
from madoguchi.domain.documents import FormLayout, LayoutError, load_layouts, preview_pages, render_form


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `madoguchi render`."""
    parser = JapaneseArgumentParser(
        prog="madoguchi render", description="様式1枚を事例データから事前印字した PDF を作る"
    )
    parser.add_argument("form", metavar="FORM_ID", help="様式 ID（例: F_H02）")
    parser.add_argument(
        "--pack", required=True, metavar="DIR", help="手続パックのディレクトリ（forms/ を含む）"
    )
    parser.add_argument("--data", required=True, metavar="FILE.json", help="人と聞き取りの回答を書いた JSON")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="書き出す PDF")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="届出日（省略時は今日）")
    add_preview_arguments(parser)
    return parser


def add_preview_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --png DIR and --dpi, shared with render-bundle."""
    parser.add_argument("--png", metavar="DIR", help="各ページの PNG プレビューをこのフォルダに書き出す")
    parser.add_argument("--dpi", type=_dpi, default=72, help="プレビューの解像度（10〜300、既定 72）")


def _dpi(text: str) -> int:
    if not text.isdigit() or not 10 <= int(text) <= 300:
        raise argparse.ArgumentTypeError(f"{text}: 10〜300 の整数で指定してください")
    return int(text)


def run(argv: list[str]) -> int:
    """Run `madoguchi render`; return 0 on success, 1 on a data problem, 2 on usage errors."""
    args = parse(build_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        layout = form_layout(args.pack, args.form)
        rendered = render_form(layout, read_json(args.data, "事例データ"), today=on_date(args.on))
        print_warnings(rendered.warnings)
        write(args.out, rendered.pdf)
        write_previews(args.png, args.dpi, rendered.pdf)
    except CommandError as err:
        print(f"エラー: {err}")
        return 1
    filled = sum(1 for f in rendered.form.fields if f.status == "filled")
    print(f"{layout.name}（{rendered.pages}ページ、{filled}項目を印字）を {args.out} に書き出しました。")
    return 0


def layouts_of(pack_dir: str) -> dict[str, FormLayout]:
    """Return the pack's form layouts; layout problems become a CommandError listing them."""
    forms = Path(pack_dir) / "forms"
    if not forms.is_dir():
        raise CommandError(f"{pack_dir} に forms/ フォルダがありません")
    try:
        return load_layouts(forms)
    except LayoutError as err:
        lines = "\n".join(str(p) for p in err.problems)
        raise CommandError(f"様式のレイアウトに問題があります。\n{lines}") from None


def form_layout(pack_dir: str, form_id: str) -> FormLayout:
    """Return one form's layout, or say which forms exist."""
    layouts = layouts_of(pack_dir)
    if form_id not in layouts:
        known = "・".join(sorted(layouts)) or "なし"
        raise CommandError(f"様式「{form_id}」のレイアウトがありません（あるのは {known}）")
    return layouts[form_id]


def print_warnings(warnings: tuple[str, ...] | list[str]) -> None:
    """Print the warnings before the file is written (missing characters, overflows, errors)."""
    for warning in warnings:
        print(f"注意: {warning}")


def write_previews(folder: str | None, dpi: int, pdf: bytes) -> None:
    """Write page-001.png, page-002.png, … into the folder when --png was given."""
    if not folder:
        return
    images = preview_pages(pdf, dpi=dpi)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"{folder} を作れません（{err.strerror}）") from None
    for number, image in enumerate(images, start=1):
        write(str(Path(folder) / f"page-{number:03d}.png"), image)


def write(path: str, content: bytes) -> None:
    """Write the file, or raise a CommandError saying why not."""
    try:
        Path(path).write_bytes(content)
    except OSError as err:
        raise CommandError(f"{path} に書き出せません（{err.strerror}）") from None
