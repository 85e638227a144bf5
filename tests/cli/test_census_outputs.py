"""How the census's outputs read: report's AUDIENCE MEASURED section beside
`audience`, the notes of a hidden list, a census turned off, the chart,
the CSV's fields, and the wording of counts."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402
import test_census_owner as owner  # noqa: E402

server = harness.fake_platform_module()


def test_report_shows_severed_losses_and_the_severance_events():
    """The domain block of test_census_owner severs four: report's text
    and Markdown count them with the other reasons (as audience does) and
    name the event, as its JSON does."""
    with Sandbox() as s, server.FakePlatform() as fp:
        owner.start(fp, s)
        owner.severing(fp, s, 0)
        day = owner.at(3)[:10]
        for fmt in ('text', 'markdown'):
            out = s.ok('report', '--as-of', owner.at(10), '-f', fmt).out
            assert 'unfollowed 2, moved 0, deleted 0, severed 4, not yet ' \
                'asked why 0)' in out, out
            assert 'severed %s domain_block remote1.example: 5 followers ' \
                'by the server, 4 found gone here' % day in out, out


harness.main(globals())
