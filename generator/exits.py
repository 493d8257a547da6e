"""How the `briefing` command exits, for scripts to trust: 0 on success, and these.

(A module of its own, importing nothing: the command's first step needs these alone.)"""

CONTENT_ERROR = 1  # click itself exits with 2 on a usage error
WRITE_ERROR = 3
INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
TERMINATED = 143  # 128 + SIGTERM: stopped the same clean way, and said so
