/**
 * The trigger's credential tests: a push credential is checked for completeness (the carrier calls n8n, so
 * there is no request to make). The checks are the carriers' shared glue (nodes/shared/carriers.ts).
 */
export { upsTrackAlertCredentialTest, uspsTrackingSubscriptionCredentialTest } from '../../../shared/carriers';
