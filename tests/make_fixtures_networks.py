"""Fixtures in the real layouts of docs/export-formats-2.md: Facebook (five JSON layouts, the HTML variant),
LinkedIn (notes block, four date formats, per-line quoting, the 2018 UTF-16 file), Instagram (2022 and
2025) and Google+ (HTML and localized JSON Takeout). Called from make_fixtures.build_all; deterministic.

Names, texts and ids are invented. Expected counts live in tests/test_importers_networks.py.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from make_fixtures import CANARY, XSS, write_folder, write_zip

T0 = 1325419200  # 2012-01-01 12:00:00 UTC


def moj(text: str) -> str:
    """How Facebook and Instagram write non-ASCII text: UTF-8 bytes as \\u00XX code points."""
    return text.encode("utf-8").decode("latin-1")


def js(value) -> bytes:
    return json.dumps(value, indent=2).encode()  # ensure_ascii: \u00c3\u00a9 as Facebook writes it


def private_files(prefix: str = "") -> dict[str, bytes]:
    """Files no importer may open: private messages, login records, address books."""
    return {
        f"{prefix}messages/inbox/bochen_abc123/message_1.json": CANARY,
        f"{prefix}messages/archived_threads/cydiaz_x/message_1.json": CANARY,
        f"{prefix}security_and_login_information/account_activity.json": CANARY,
        f"{prefix}about_you/your_address_books.json": CANARY,
    }


# ---------------------------------------------------------------- Facebook
def fb_item(n: int, title: str, text: str | None = None, *, url: str | None = None, media: bool = False,
            place: bool = False, tags=(), tag_objects: bool = False, empty: bool = False) -> dict:
    item: dict = {"timestamp": T0 + n * 86400, "title": moj(title)}
    data: list = [{"post": moj(text)}] if text is not None else [{"update_timestamp": T0 + n * 86400}]
    if empty:
        data.append({})
    item["data"] = data
    attached = []
    if url is not None:
        attached.append({"external_context": {"url": url}})
    if media:
        attached.append({"media": {"uri": f"photos_and_videos/album/{n}.jpg", "creation_timestamp": T0 + n * 86400, "title": ""}})
    if place:
        attached.append({"place": {"name": moj("Café Zürich"), "coordinate": {"latitude": 1.0, "longitude": 2.0}}})
    if attached:
        item["attachments"] = [{"data": attached}]
    if tags:
        item["tags"] = [{"name": t} for t in tags] if tag_objects else list(tags)
    return item


def fb_posts(title_lang: str = "en", *, tag_objects: bool = False, empty: bool = False) -> list[dict]:
    """8 items: 3 originals with text (one XSS, one mojibake), a link share with no text, a photo, a
    check-in, a share of another post (repost) and a post on a friend's wall (reply, English only)."""
    titles = {
        "en": ("Ana Lima updated her status.", "Ana Lima shared a link.", "Ana Lima added a new photo.",
               "Ana Lima was at Café Zürich.", "Ana Lima shared a post.", "Ana Lima wrote on Bo Chen's timeline."),
        "es": ("Ana Lima actualizó su estado.", "Ana Lima compartió un enlace.", "Ana Lima añadió una foto nueva.",
               "Ana Lima estuvo en Café Zürich.", "Ana Lima compartió una publicación.", "Ana Lima escribió en la biografía de Bo Chen."),
        "de": ("Ana Lima hat ihren Status aktualisiert.", "Ana Lima hat einen Link geteilt.", "Ana Lima hat ein neues Foto hinzugefügt.",
               "Ana Lima war im Café Zürich.", "Ana Lima hat einen Beitrag geteilt.", "Ana hat etwas in Bos Chronik geschrieben."),
    }[title_lang]
    status, link, photo, at, shared, wall = titles
    return [
        fb_item(0, status, "Café at noon #coffee", tags=["Bo Chen"], tag_objects=tag_objects, empty=empty),
        fb_item(1, status, XSS, empty=empty),
        fb_item(2, link, url="http://example.org/a"),
        fb_item(3, photo, media=True),
        fb_item(4, at, place=True),
        fb_item(5, shared, url=""),  # an empty url: a share of another Facebook post
        fb_item(6, wall, "Happy birthday!"),
        fb_item(7, status, "100 °C → naïve"),  # not mojibake (° is U+00B0, → above U+00FF): left as is
    ]


def fb_comments(key: str) -> bytes:
    return js({key: [
        {"timestamp": T0 + 10 * 86400, "title": "Ana Lima commented on Bo Chen's post.",
         "data": [{"comment": {"timestamp": T0 + 10 * 86400, "comment": moj("Très bien"), "author": "Ana Lima"}}]},
        {"timestamp": T0 + 11 * 86400, "title": "Ana Lima replied to her own comment.",
         "data": [{"comment": {"timestamp": T0 + 11 * 86400, "comment": "", "author": "Ana Lima"}}],
         "attachments": [{"data": [{"external_context": {"url": "https://media.tenor.example/x.gif"}}]}]},
    ]})


FRIENDS = [{"name": "Bo Chen", "timestamp": T0 - 86400}, {"name": moj("Zoë Ortiz"), "timestamp": T0 - 2 * 86400},
           {"name": "Cy Diaz", "timestamp": T0 - 3 * 86400}]
PROFILE = {"profile_v2": {"name": {"full_name": "Ana Lima"}, "profile_uri": "https://www.facebook.com/ana.lima",
                          "registration_timestamp": T0 - 400 * 86400}}


def fb_2018() -> dict[str, bytes]:
    """mid 2018 - Aug 2019: posts/your_posts.json = {"status_updates": [...]}, tags as strings."""
    return {
        "posts/your_posts.json": js({"status_updates": fb_posts()}),
        "posts/other_people's_posts_to_your_timeline.json": js({"wall_posts_sent_to_you": [
            {"timestamp": T0 + 3600, "title": "Bo Chen wrote on your timeline.", "data": [{"post": "Happy birthday!"}]},
            {"timestamp": T0 + 7200, "title": "Cy Diaz wrote on your timeline.", "data": [{"post": "Hi"}]}]}),
        "comments/comments.json": fb_comments("comments"),
        "likes_and_reactions/posts_and_comments.json": js({"reactions": [
            {"timestamp": T0, "title": "Ana Lima likes Bo Chen's photo.", "data": [{"reaction": {"reaction": "LIKE", "actor": "Ana Lima"}}]}]}),
        "friends/friends.json": js({"friends": FRIENDS}),
        "following_and_followers/followers.json": js({"followers": [{"name": "Bo Chen"}, {"name": "Dee Evans"}]}),
        "following_and_followers/following.json": js({"following": [{"name": "Example Page", "timestamp": T0}]}),
        "profile_information/profile_information.json": js(PROFILE),
        "photos_and_videos/album/3.jpg": b"\xff\xd8\xff\xe0fakejpeg",
        **private_files(),
    }


def fb_2020() -> dict[str, bytes]:
    """late 2019 - 2020: bare-list parts (written _2 first), Spanish titles, wall posts under activity_log_data."""
    posts = fb_posts("es")
    return {
        "posts/your_posts_2.json": js(posts[5:]),
        "posts/your_posts_1.json": js(posts[:5]),
        "posts/other_people's_posts_to_your_timeline.json": js({"wall_posts_sent_to_you": {"activity_log_data": [
            {"timestamp": T0 + 3600, "title": "Bo Chen escribió en tu biografía.", "data": [{"post": "Feliz cumpleaños"}]}]}}),
        "comments/comments.json": fb_comments("comments"),
        "friends/friends.json": js({"friends": FRIENDS[:2]}),
        **private_files(),
    }


def fb_2022() -> dict[str, bytes]:
    """~2021 - 2022: posts/your_posts_1.json, comments_v2, friends_v2, tags as objects, German titles."""
    return {
        "posts/your_posts_1.json": js(fb_posts("de", tag_objects=True)),
        "comments_and_reactions/comments.json": fb_comments("comments_v2"),
        "comments_and_reactions/posts_and_comments.json": js({"reactions_v2": []}),
        "friends_and_followers/friends.json": js({"friends_v2": FRIENDS}),
        "friends_and_followers/who_you_follow.json": js({"following_v2": [{"name": "Example Page", "timestamp": T0}]}),
        **private_files(),
    }


def fb_2023() -> dict[str, bytes]:
    """2023: your_activity_across_facebook/, likes_and_reactions_N.json bare lists, following_v3."""
    base = "your_activity_across_facebook/"
    return {
        f"{base}posts/your_posts__check_ins__photos_and_videos_1.json": js(fb_posts(tag_objects=True)),
        f"{base}comments_and_reactions/comments.json": fb_comments("comments_v2"),
        f"{base}comments_and_reactions/likes_and_reactions_1.json": js([
            {"timestamp": T0, "title": "Ana Lima likes Bo Chen's post.", "data": [{"reaction": {"reaction": "LOVE", "actor": "Ana Lima"}}]}]),
        "connections/friends/your_friends.json": js({"friends_v2": FRIENDS}),
        "connections/followers/who_you've_followed.json": js({"following_v3": [{"name": "Page", "timestamp": T0}] * 2}),
        **private_files(base),
    }


def fb_2024() -> dict[str, bytes]:
    """2024+: your_facebook_activity/ in two parts, unsorted, {} data entries, the same file under a second
    nesting (read once), followers_v3 names only, profile under personal_information/."""
    posts = fb_posts(tag_objects=True, empty=True)
    part1, part2 = list(reversed(posts[:4])), posts[4:]
    base = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_"
    return {
        f"{base}1.json": js(part1),
        f"{base}2.json": js(part2),
        f"personal_information/profile_information/{base}1.json": js(part1),
        "your_facebook_activity/comments_and_reactions/comments.json": fb_comments("comments_v2"),
        "your_facebook_activity/comments_and_reactions/likes_and_reactions_1.json": js([
            {"timestamp": T0, "title": "Ana Lima likes Bo Chen's post.", "data": [{"reaction": {"reaction": "LIKE", "actor": "Ana Lima"}}]}] * 3),
        "your_facebook_activity/groups/group_posts_and_comments.json": js({"group_posts_v2": [
            fb_item(9, "Ana Lima posted in Bakers of Lisbon.", "Bread #sourdough")]}),
        "connections/friends/your_friends.json": js({"friends_v2": FRIENDS}),
        "connections/followers/people_who_followed_you.json": js({"followers_v3": [{"name": "Bo Chen"}, {"name": "Dee Evans"}, {"name": "Eve F"}]}),
        "personal_information/profile_information/profile_information.json": js(PROFILE),
        **private_files("your_facebook_activity/"),
    }


def fb_html() -> dict[str, bytes]:
    page = (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><base href="../../" />'
            b"<title>Your posts</title></head><body><section><h2>Ana Lima</h2></section></body></html>")
    return {"your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": page,
            "personal_information/profile_information/profile_information.html": page, "start_here.html": page}


# ---------------------------------------------------------------- LinkedIn
LI_NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
            'You will only see email addresses for connections who have allowed their connections to see or download it."\n\n')


def li_files() -> dict[str, bytes]:
    """2025: Shares (per-line quoting, a reshare with no comment, XSS), Comments (backslash quotes, an
    unquoted line break), Reactions, Connections with a notes block and the URL column."""
    shares = (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        '2021-03-04 09:10:11,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6000000000000000001,"First line.""\n'
        '""""\n""Second line.","","",MEMBER_NETWORK\n'
        "2021-03-05 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A6000000000000000002,Short post #career,https://example.org/a,,MEMBER_NETWORK\n"
        "2021-03-06 11:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6000000000000000003,,https://www.linkedin.com/feed/update/urn:li:activity:1,,MEMBER_NETWORK\n"
        f'2021-04-01 12:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6000000000000000004,"{XSS}",,,MEMBER_NETWORK\n'
    )
    comments = (
        "Date,Link,Message\n"
        '2021-03-07 08:00:00,https://www.linkedin.com/feed/update/urn:li:activity:10,"He said \\"yes\\", then left"\n'
        "2021-03-08 08:00:00,https://www.linkedin.com/feed/update/urn:li:activity:11?commentUrn=urn%3Ali%3Acomment%3A1,first line\n"
        "second line without quotes\n"
    )
    return {
        "Shares.csv": shares.encode(),
        "Comments.csv": comments.encode(),
        "Reactions.csv": b"Date,Type,Link\n2021-03-09 08:00:00,PRAISE,https://www.linkedin.com/feed/update/urn:li:activity:12\n"
                         b"2021-03-09 09:00:00,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:13\n",
        "Connections.csv": (LI_NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                            "Bo,Chen,https://www.linkedin.com/in/bo-chen-0000,,Example Ltd,Engineer,04 Mar 2021\n"
                            "Cy,Diaz,https://www.linkedin.com/in/cy-diaz-0000,,,,17 Jun 2021\n"
                            "Dee,Evans,https://www.linkedin.com/in/dee,,Acme,CTO,01 Jan 2020\n").encode(),
        "Profile.csv": b"First Name,Last Name\nAna,Lima\n",
        "messages.csv": CANARY,
        "Logins.csv": CANARY,
        "Verifications/Verifications.csv": CANARY,
    }


def li_2018() -> dict[str, bytes]:
    """2018: UTF-16 LE with BOM, tab-separated, dates `2017/06/08 08:15:44 UTC`; Connections without notes,
    dates `1/8/18, 6:14 PM`."""
    cols = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary", "Shared URL", "Media URL", "Type", "Visibility"]
    rows = [["2017/06/08 08:15:44 UTC", "", "", "https://www.linkedin.com/updates?topic=6280000000000000001", "Hello from 2017 – café",
             "", "", "TEXT", "MEMBER_NETWORK"],
            ["2017/07/01 10:00:00 UTC", "An article", "", "https://www.linkedin.com/updates?topic=6280000000000000002", "Worth reading",
             "https://example.org/article", "", "LINK", "MEMBER_NETWORK"]]
    text = "\r\n".join("\t".join(f'"{c}"' for c in r) for r in [cols, *rows]) + "\r\n"
    return {
        "Shares.csv": b"\xff\xfe" + text.encode("utf-16-le"),
        "Connections.csv": b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
                           b'Bo,Chen,,Example Ltd,Engineer,"1/8/18, 6:14 PM"\n',
        "messages.csv": CANARY,
    }


def li_excel() -> dict[str, bytes]:
    """Connections re-saved by Excel (CRLF, notes gone, 18-Jun-24) and Shares spelling SharedURL,MediaURL."""
    return {
        "Shares.csv": b"Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility\r\n"
                      b"2024-06-18 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7000000000000000001,Hello,,,MEMBER_NETWORK\r\n",
        "Connections.csv": b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
                           b"Bo,Chen,https://www.linkedin.com/in/bo,,,,18-Jun-24\r\nCy,Diaz,https://www.linkedin.com/in/cy,,,,19-Jun-24\r\n",
    }


# ---------------------------------------------------------------- Instagram
def ig_2022() -> dict[str, bytes]:
    """content/posts_1.json (single photo with the caption inside media[0]; a carousel with it on top) and
    posts_2.json; relationships_followers/following; comments_media_comments; mojibake emoji."""
    return {
        "content/posts_1.json": js([
            {"media": [{"uri": "media/posts/201905/a.jpg", "creation_timestamp": 1557000000, "title": moj("Sunset 🌅 #beach")}]},
            {"media": [{"uri": "media/posts/201906/b.jpg", "creation_timestamp": 1560000000, "title": ""},
                       {"uri": "media/posts/201906/c.jpg", "creation_timestamp": 1560000001, "title": ""}],
             "title": "Two shots", "creation_timestamp": 1560000002},
        ]),
        "content/posts_2.json": js([{"media": [{"uri": "media/posts/201907/d.jpg", "creation_timestamp": 1562000000, "title": ""}]}]),
        "followers_and_following/followers.json": js({"relationships_followers": [
            {"title": "", "media_list_data": [], "string_list_data": [{"href": f"https://www.instagram.com/u{i}", "value": f"u{i}", "timestamp": 1550000000 + i}]}
            for i in range(4)]}),
        "followers_and_following/following.json": js({"relationships_following": [
            {"title": "", "media_list_data": [], "string_list_data": [{"href": "https://www.instagram.com/bo", "value": "bo", "timestamp": 1550000000}]}]}),
        "comments/post_comments.json": js({"comments_media_comments": [
            {"title": "bo.chen", "string_list_data": [{"value": moj("Bravo 👏"), "timestamp": 1561000000}]}]}),
        "likes/liked_posts.json": js({"likes_media_likes": []}),
        "messages/inbox/bochen_123/message_1.json": CANARY,
        "login_and_account_creation/login_activity.json": CANARY,
    }


def ig_2025() -> dict[str, bytes]:
    return {
        "your_instagram_activity/media/posts_1.json": js([
            {"media": [{"uri": "media/posts/202501/a.jpg", "creation_timestamp": 1736000000, "title": "New year"}]},
            {"media": [{"uri": "media/posts/202501/b.jpg", "creation_timestamp": 1736100000, "title": ""}],
             "cross_post_source": {"source_app": "FB"}}]),
        "connections/followers_and_following/followers_1.json": js([
            {"title": "", "media_list_data": [], "string_list_data": [{"href": "https://www.instagram.com/bo", "value": "bo", "timestamp": 1700000000}]}]),
        "your_instagram_activity/comments/post_comments_1.json": js([
            {"media_list_data": [], "string_map_data": {"Comment": {"value": "nice"}, "Media Owner": {"value": "cy"},
                                                        "Time": {"timestamp": 1736050000}}}]),
        "your_instagram_activity/messages/inbox/cy_1/message_1.json": CANARY,
    }


# ---------------------------------------------------------------- Google+
def gplus_html(n: int, text: str, *, plus=(), resharers=(), comments=(), reshare_of: str | None = None) -> bytes:
    post_url = f"https://plus.google.com/+AnaLima/posts/Post{n}"

    def people(names):
        return ", ".join(f'<a href="https://plus.google.com/{p}">{p}</a>' for p in names)

    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Post</title></head><body><div class="post">',
        '<div class="post-header"><div class="author"><a href="https://plus.google.com/+AnaLima">Ana Lima</a></div>',
        f'<a href="{post_url}">2012-05-0{n} 11:30:00-0700</a><span class="updated"> - Updated: 2012-05-0{n} 11:35:00-0700</span></div>',
        '<div class="visibility">Shared with: Public</div>',
    ]
    if reshare_of:
        parts.append(f'<div class="reshare-attribution">Originally shared by <a href="https://plus.google.com/x">{reshare_of}</a></div>')
    parts.append(f'<div class="main-content">{text}</div>')
    parts.append('<div class="post-activity">')
    if plus:
        parts.append(f'<div class="plus-oners">+1\'d by: {people(plus)}</div>')
    if resharers:
        parts.append(f'<div class="resharers">Reshared by: {people(resharers)}</div>')
    parts.append('</div><div class="comments">')
    for who, said in comments:
        parts.append(f'<div class="comment"><div class="author"><a href="https://plus.google.com/{who}">{who}</a></div>'
                     f'<span class="time"> - 2012-05-0{n} 12:00:00-0700</span><div class="comment-content">{said}</div></div>')
    parts.append("</div></div></body></html>")
    return "".join(parts).encode()


def gplus_html_files() -> dict[str, bytes]:
    base = "Takeout/Google+ Stream/Posts/"
    return {
        f"{base}20120501 - Hello world.html": gplus_html(1, "Hello <b>world</b> #gplus", plus=("Bo Chen", "Cy Diaz"),
                                                           resharers=("Cy Diaz",), comments=(("Bo Chen", "Nice"), ("Ana Lima", "Thanks"))),
        f"{base}20120502 - Post.html": gplus_html(2, "", reshare_of="Bo Chen", plus=("Dee",)),
        f"{base}20120503 - My take.html": gplus_html(3, f"My take: {html.escape(XSS)}", reshare_of="Cy Diaz"),
        f"{base}20120501 - Hello world.jpg.metadata.csv": b"title,views\nx,1\n",
        f"{base}photo.jpg": b"\xff\xd8\xff\xe0fakejpeg",
        "Takeout/Google+ Stream/ActivityLog/Comments.html": b"<html><body>activity</body></html>",
        "Takeout/index.html": b"<html>Takeout</html>",
    }


def gplus_json_files() -> dict[str, bytes]:
    """A Portuguese account: `Takeout/Stream do Google+/Postagens/*.json` (folder names localized)."""
    me = {"displayName": "Ana Lima", "resourceName": "users/1"}
    bo, cy = {"displayName": "Bo Chen", "resourceName": "users/2"}, {"displayName": "Cy Diaz", "resourceName": "users/3"}
    posts = [
        {"url": "https://plus.google.com/+AnaLima/posts/A1", "creationTime": "2012-05-01 18:30:00+0000", "author": me,
         "content": "Olá <b>mundo</b>", "plusOnes": [{"plusOner": bo}, {"plusOner": cy}], "reshares": [{"resharer": cy}],
         "comments": [{"creationTime": "2012-05-01 19:00:00+0000", "author": bo, "content": "Legal"},
                      {"creationTime": "2012-05-01 19:10:00+0000", "author": me, "content": "Obrigada"}],
         "postAcl": {"isPublic": True}},
        {"url": "https://plus.google.com/+AnaLima/posts/A2", "creationTime": "2013-01-02 08:00:00-0300", "author": me,
         "content": "", "resharedPost": {"url": "https://plus.google.com/+Bo/posts/B1", "author": bo, "content": "orig"}},
        {"url": "https://plus.google.com/+AnaLima/posts/A3", "creationTime": "2019-03-30 23:00:00-0300", "author": me,
         "content": "Adeus, Google+", "link": {"title": "x", "url": "https://example.org/bye"}},
    ]
    base = "Takeout/Stream do Google+/Postagens/"
    return {
        f"{base}20120501 - Olá mundo.json": json.dumps(posts[0], ensure_ascii=False).encode(),
        f"{base}20130102 - Post.json": json.dumps(posts[1]).encode(),
        f"{base}20190330 - Adeus, Google+.json": json.dumps(posts[2]).encode(),
        f"{base}20120501 - Olá mundo.jpg.metadata.csv": b"a,b\n1,2\n",
        "Takeout/Stream do Google+/ActivityLog/+1s on posts.json": json.dumps({"items": [{"timestampMs": "1"}]}).encode(),
    }


# ---------------------------------------------------------------- all of them
def build(folder: Path) -> dict[str, Path]:
    folder = Path(folder) / "networks"
    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "fb_2018_zip": write_zip(folder / "facebook-analima-2019-05-01-AbCdEfGh.zip", fb_2018()),
        "fb_2020_wrapped_zip": write_zip(folder / "facebook-analima-2020-02-10-XyZaBcDe.zip", fb_2020(),
                                         prefix="facebook-analima-2020-02-10-XyZaBcDe/"),
        "fb_2022_zip": write_zip(folder / "facebook-analima-2022-01-15-QwErTyUi.zip", fb_2022()),
        "fb_2023_zip": write_zip(folder / "facebook-analima-2023-10-01-AsDfGhJk.zip", fb_2023()),
        "fb_2024_folder": write_folder(folder / "facebook-analima-2024-09-01-ZxCvBnMm", fb_2024()),
        "li_zip": write_zip(folder / "Basic_LinkedInDataExport_03-05-2025.zip", li_files()),
        "li_2018_zip": write_zip(folder / "LinkedInDataExport_2018.zip", li_2018(), prefix="LinkedInDataExport_2018/"),
        "li_excel_folder": write_folder(folder / "linkedin_resaved", li_excel()),
        "ig_2022_zip": write_zip(folder / "instagram-ana.lima-2022-03-01-AbCdEfGh.zip", ig_2022()),
        "ig_2025_folder": write_folder(folder / "instagram-ana.lima-2025-02-01-QwErTyUi", ig_2025()),
        "gplus_html_zip": write_zip(folder / "takeout-20190301T000000Z-001.zip", gplus_html_files()),
        "gplus_json_zip": write_zip(folder / "takeout-20190302T000000Z-001.zip", gplus_json_files()),
        # Refusals that name what they saw.
        "bad_fb_html": write_zip(folder / "facebook-analima-2026-05-20-HtMlHtMl.zip", fb_html()),
        "bad_fb_2017_html": write_zip(folder / "facebook-analima.zip",
                                      {"index.html": b"<html></html>", "html/timeline.htm": b"<html></html>",
                                       "html/friends.htm": b"<html></html>", "html/messages.htm": CANARY}),
        "bad_gplus_media_only": write_zip(folder / "takeout-20190301T000000Z-002.zip",
                                          {"Takeout/Google+ Stream/Photos/a.jpg": b"\xff\xd8\xff\xe0fakejpeg",
                                           "Takeout/Google+ Stream/Photos/a.jpg.metadata.csv": b"a,b\n1,2\n"}),
        "bad_fb_nothing": write_zip(folder / "facebook-analima-2024-01-01-NoPoStS0.zip",
                                    {"connections/friends/your_friends.json": js({"friends_v2": FRIENDS}), **private_files()}),
        "bad_li_nothing": write_zip(folder / "Basic_LinkedInDataExport_01-01-2025.zip",
                                    {"Profile.csv": b"First Name\nAna\n", "Skills.csv": b"Name\nPython\n", "messages.csv": CANARY}),
        "bad_ig_html": write_zip(folder / "instagram-ana.lima-2026-01-01-HtMlHtMl.zip",
                                 {"start_here.html": b"<html></html>", "ads_information/ads.html": b"<html></html>",
                                  "your_instagram_activity/media/posts_1.html": b"<html></html>"}),
        "bad_ig_nothing": write_zip(folder / "instagram-ana.lima-2024-01-01-NoPoStS0.zip",
                                    {"your_instagram_activity/likes/liked_posts.json": js({"likes_media_likes": []})}),
    }
    return out
