# SPDX-License-Identifier: Apache-2.0
"""Sending a digest by e-mail: SMTP with STARTTLS (always; a server that does not offer it
is refused, so the password never crosses the link in clear), the certificate checked
against the system's CAs or ``cafile``."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from .settings import Smtp

TIMEOUT_S = 30


def send_mail(smtp: Smtp, to: str, subject: str, body: str) -> None:
    """Send one message; raises OSError or smtplib.SMTPException when it cannot."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    context = ssl.create_default_context(cafile=smtp.cafile or None)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S) as client:
        client.ehlo()
        if not client.has_extn("starttls"):
            raise smtplib.SMTPException(f"{smtp.host} does not offer STARTTLS")
        client.starttls(context=context)
        client.ehlo()
        if smtp.username:
            client.login(smtp.username, smtp.password)
        client.send_message(message)
