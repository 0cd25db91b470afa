from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser


class MarkdownParser(BaseParser):
    """A manuscript sent as the issue file's article Markdown (`Content-Type: text/markdown`)."""

    media_type = "text/markdown"

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read() if stream is not None else b""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as problem:
            raise ParseError(f"The Markdown is not UTF-8 text (byte {problem.start}).") from problem
