"""The window. PySide6 is imported only inside this package and ltfu/app.py."""
