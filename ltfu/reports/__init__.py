"""Printed output: letters, schedules, reports (reportlab)."""
