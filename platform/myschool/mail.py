"""E-mail printed to the console as a person reads it: the default outside production.

Django's console backend prints the raw MIME message, in which a Russian subject
is `=?utf-8?b?…?=` and the body may be quoted-printable or base64: the invitation
link of a new region admin could not be read off `make up`'s output. This one
prints the sender, recipients, subject and text as they are, between dashed lines.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

RULE = "-" * 79


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(
            f"{RULE}\nE-mail from {message.from_email} to {', '.join(message.recipients())}\n"
            f"Subject: {message.subject}\n\n{message.body.rstrip()}\n{RULE}\n"
        )
