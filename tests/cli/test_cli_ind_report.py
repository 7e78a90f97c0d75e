"""`ltfu report ind`: refused without an IND anniversary; with one, the plan from a file,
printed in the report."""

from __future__ import annotations

from pypdf import PdfReader

from ltfu.cli import main
from ltfu.schedule.protocol import bundled_protocol_path


def text_of(path) -> str:
    return "".join("".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_the_ind_report_needs_the_anniversary_then_prints_the_plan_from_a_file(tmp_path, capsys):
    db = tmp_path / "ltfu.sqlite3"
    assert main(["--db", str(db), "demo", "--subjects", "10", "--today", "2026-06-01"]) == 0
    capsys.readouterr()
    out = tmp_path / "ind.pdf"
    assert main(["--db", str(db), "report", "ind", "--as-of", "2026-06-01", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "sets no IND anniversary" in err and "[ind]" in err and err.count("\n") == 1
    assert not out.exists()

    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    protocol = tmp_path / "with-ind.toml"
    protocol.write_text(f'{text}\n[ind]\nanniversary = "04-30"\n', encoding="utf-8")
    amend = ["protocol", "amend", str(protocol), "--effective", "2026-05-01", "--reason", "IND anniversary"]
    assert main(["--db", str(db), *amend]) == 0
    plan = tmp_path / "plan.txt"
    plan.write_text("扩大入组至第二个中心。\nKeep yearly letters.", encoding="utf-8")
    argv = ["--db", str(db), "report", "ind", "--as-of", "2026-06-01", "--plan-file", str(plan)]
    assert main([*argv, "--language", "zh", "-o", str(out)]) == 0
    words = text_of(out)
    assert "IND年度报告" in words and "扩大入组至第二个中心。" in words and "Keepyearlyletters." in words
    assert "2025年5月1日（星期四）至2026年4月30日（星期四）" in words
    # The plan is stored: the English report prints it without the option.
    english = tmp_path / "ind-en.pdf"
    assert main(["--db", str(db), "report", "ind", "--as-of", "2026-06-01", "-o", str(english)]) == 0
    assert "Keepyearlyletters." in text_of(english)
    assert "2026-05-01" not in text_of(english)  # the amendment took effect after the period
    capsys.readouterr()
    assert main([*argv[:-1], str(tmp_path / "missing.txt"), "-o", str(out)]) == 1
    assert f"--plan-file {tmp_path / 'missing.txt'}: no such file" in capsys.readouterr().err
