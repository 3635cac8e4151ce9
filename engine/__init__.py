"""pgshadow's SQL engine: catalog, commit-LSN MVCC storage, parse → bind → plan → execute.

Knows nothing of replication or sockets: must not import ``replica`` or ``wire``.
"""

import sys

# numeric values may have up to 131072 digits before the point; Python limits int<->str
# conversions to 4300 digits by default (CVE-2020-10735 mitigation), which numeric needs lifted.
sys.set_int_max_str_digits(0)
