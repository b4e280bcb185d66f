"""Building articles through the services, as staff would."""

from fixloop.accounts.roles import Role
from fixloop.kb.models import ArticleStatus
from fixloop.kb.services.articles import ArticleContent, change_status, create_article


def content(world, **overrides) -> ArticleContent:
    fields = {
        "title": "P60 手机无法开机",
        "symptoms": "按电源键没有反应，充电指示灯不亮",
        "cause": "电池深度放电保护",
        "solution": "连接原装充电器充电30分钟\n长按电源键15秒强制重启",
        "error_codes": "",
        "tags": "开机,电池",
        "category_ids": [world.phones.pk],
        "model_ids": [world.phone_model.pk],
    }
    return ArticleContent(**{**fields, **overrides})


def published_article(world, **overrides):
    manager = world.actor(Role.MANAGER)
    article = create_article(actor=world.actor(Role.AGENT), content=content(world, **overrides))
    article = change_status(
        actor=manager, article_id=article.pk, expected_version=article.version, status=ArticleStatus.REVIEWED
    )
    return change_status(
        actor=manager, article_id=article.pk, expected_version=article.version, status=ArticleStatus.PUBLISHED
    )
