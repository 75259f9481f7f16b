"""Voucher: the register with filters and totals, issuing (single with a preview, or a batch with progress and
cancel), reprints marked SALINAN, voiding with a reason, and the verify dialog ("ASLI" or why not).

Entry points: ``page.VoucherRegisterPage``; ``issue_dialog.IssueVoucherDialog(ctx, plan_id, parent)``;
``verify_dialog.VerifyDialog(ctx, parent)``; ``viewer.open_voucher_viewer(ctx, voucher, parent)``.
"""
