"""Flatten the service standard's StreamFields into plain JSON for headless clients:
lists of strings and objects, not Wagtail's internal block envelopes."""

from rest_framework import serializers


class TextItemsField(serializers.Field):
    def to_representation(self, value):
        return [str(child.value) for child in value]


class ServiceChannelsField(serializers.Field):
    def to_representation(self, value):
        return [
            {
                "kind": child.value["kind"],
                "label": child.value.kind_label(),
                "description": child.value["description"],
                "url": child.value["url"] or None,
            }
            for child in value
        ]


class ProcedureStepsField(serializers.Field):
    def to_representation(self, value):
        return [
            {
                "number": number,
                "text": child.value["text"],
                "outcomes": [
                    {
                        "outcome": branch["outcome"],
                        "label": branch.outcome_label(),
                        "text": branch["text"],
                    }
                    for branch in child.value["outcomes"]
                ],
            }
            for number, child in enumerate(value, start=1)
        ]


class OfficeField(serializers.Field):
    def to_representation(self, office):
        return {
            "code": office.code,
            "name": office.name,
            "address": office.address,
            "postal_code": office.postal_code,
            "phone": office.phone,
            "email": office.email,
            "website": office.website,
        }


class FeeField(serializers.Field):
    def to_representation(self, page):
        return {"amount": page.fee_amount, "currency": "IDR", "description": page.fee_description}


class ComplaintChannelsField(serializers.Field):
    def to_representation(self, page):
        return {
            "letter": page.complaint_letter,
            "direct": page.complaint_direct,
            "website": page.complaint_website,
            "email": page.complaint_email,
        }


class ServiceLinkField(serializers.Field):
    """The page's link to this site's online path: label and address, null when hidden."""

    def to_representation(self, page):
        return page.service_link(self.context.get("request"))
