from ltfu.cli import run

run()
