"""One share of a large portfolio, computed in an interpreter of its own (portfolio.computed_customers).

    python -I -c "...; from generator.loadshare import main; main()" PACKAGE_PARENT < work > result

(portfolio.share_command: isolated from the working folder, which is the plans repository.)

Reads (config, as-of date, customer folders, file access, whether to compute health histories, the roster
and the CRM ids they are checked against) pickled on stdin and writes the computed
customers pickled on stdout. Both ends are this package: the pickles never come from anywhere else.
"""

from __future__ import annotations

import pickle
import sys

from .portfolio import compute_share


def main() -> None:
    config, as_of, folders, files, history, shared = pickle.load(sys.stdin.buffer)
    result = compute_share(config, as_of, folders, files, history=history, shared=shared)
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
