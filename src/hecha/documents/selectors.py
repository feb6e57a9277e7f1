from django.db.models import Q, QuerySet

from hecha.documents.models import Document


def documents_visible_to(user) -> QuerySet[Document]:
    """A district user sees their district's documents and the city's documents about their
    district's cases; the city sees all."""
    docs = Document.objects.defer("docx", "xlsx").select_related("case", "issued_by")
    if user is None or not getattr(user, "is_authenticated", False):
        return docs.none()
    if user.is_district_user:
        code = user.district.code
        return docs.filter(Q(district_code=code) | Q(case__district_id=code))
    return docs
