from django import template
from django.utils.html import format_html

from core.images import renditions

register = template.Library()


@register.simple_tag
def picture(field_file, alt, sizes="(min-width: 48rem) 44rem, 100vw", css_class="", loading="lazy"):
    """`{% picture article.lead_image article.lead_image_alt %}`: a <picture> with WebP and JPEG srcsets.

    An animation gets its animated WebP srcset and the original upload as `src` (core.images).
    Renders nothing when the stored file is missing or unreadable.
    """
    found = renditions(field_file)
    if found is None:
        return ""
    fallback = found.fallback()
    if found.animated:
        source = (
            format_html('<source type="image/webp" srcset="{}" sizes="{}">', found.srcset("webp"), sizes)
            if found.items
            else ""
        )
        return format_html(
            '<picture>{}<img src="{}" width="{}" height="{}" alt="{}" class="{}" loading="{}" decoding="async">'
            "</picture>",
            source,
            fallback.url,
            fallback.width,
            fallback.height,
            alt,
            css_class,
            loading,
        )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" loading="{}" decoding="async">'
        "</picture>",
        found.srcset("webp"),
        sizes,
        fallback.url,
        found.srcset("jpeg"),
        sizes,
        fallback.width,
        fallback.height,
        alt,
        css_class,
        loading,
    )
