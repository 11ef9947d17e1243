"""/api/v1/: each app registers its viewsets from its own apis.py. The paths are a contract
partners code against: keep them stable (issue #8)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from communications.apis import archive as archive_apis
from communications.apis.communiques import CommuniqueViewSet
from directories.apis.contacts import ContactPointViewSet
from directories.apis.legislation import LegislationCellViewSet, ReformViewSet
from meetings import apis as meeting_apis
from members import apis as member_apis
from monitoring import apis as monitoring_apis
from monitoring.apis.published import PublishedResultsViewSet
from plans import apis as plan_apis
from reports import apis as report_apis
from stats.apis import StatisticsViewSet

router = DefaultRouter()
router.include_format_suffixes = False
# members
router.register("countries", member_apis.CountryViewSet, basename="country")
router.register("national-bodies", member_apis.NationalBodyViewSet, basename="national-body")
router.register("observers", member_apis.ObserverOrganisationViewSet, basename="observer")
router.register("designations", member_apis.DesignationViewSet, basename="designation")
# plans
router.register("plan", plan_apis.PlanViewSet, basename="plan")
router.register("poas", plan_apis.PoaViewSet, basename="poa")
router.register(
    "operational-objectives",
    plan_apis.OperationalObjectiveViewSet,
    basename="operational-objective",
)
router.register("activities", plan_apis.ActivityViewSet, basename="activity")
# communications
router.register("communiques", CommuniqueViewSet, basename="communique")
router.register("archive-documents", archive_apis.DocumentViewSet, basename="archive-document")
# directories
router.register("contact-points", ContactPointViewSet, basename="contact-point")
router.register("legislation-cells", LegislationCellViewSet, basename="legislation-cell")
router.register("legislation-reforms", ReformViewSet, basename="legislation-reform")
# meetings
router.register("meetings", meeting_apis.MeetingViewSet, basename="meeting")
router.register("agreements", meeting_apis.AgreementViewSet, basename="agreement")
# monitoring
router.register("progress", monitoring_apis.ProgressViewSet, basename="progress")
router.register(
    "reporting-periods", monitoring_apis.ReportingPeriodViewSet, basename="reporting-period"
)
router.register(
    "progress-reports", monitoring_apis.ProgressReportViewSet, basename="progress-report"
)
router.register("published-results", PublishedResultsViewSet, basename="published-results")
# reports
router.register("reports", report_apis.ReportJobViewSet, basename="report")
# stats
router.register("statistics", StatisticsViewSet, basename="statistics")

app_name = "api"
urlpatterns = router.urls
