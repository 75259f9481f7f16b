"""Official documents (letters, vouchers, receipts, berita acara): ReportLab building blocks and renderers."""
