/*
 * Tickets the routing targets route: with and without the fields a
 * routing file can weigh (sentiment, class, customer, times, page, text).
 */
#ifndef TK_FUZZ_TICKETS_H
#define TK_FUZZ_TICKETS_H

static const char *const fuzz_tickets[] = {
	"{\"id\":1,\"created_at\":\"2026-11-16T06:00:00Z\",\"subject\":\"Refund please\","
	"\"body\":\"I was charged twice, order ORD-1234. Cancel my subscription!\","
	"\"customer\":{\"id\":\"c1\",\"tier\":\"pro\",\"value\":1200},\"language\":\"en\","
	"\"class\":{\"label\":\"refund_request\",\"confidence\":0.93,\"escalate\":false},"
	"\"sentiment\":{\"score\":-0.6,\"urgency\":0.9,\"frustration\":0.7,\"churn_risk\":0.8},"
	"\"page\":\"/billing/invoices\",\"channel\":\"email\"}",
	"{\"id\":\"2\",\"created_at\":1763272800,\"text\":\"Checkout fails with E-4012 since 5.2.0\","
	"\"customer\":{\"id\":\"c2\",\"tier\":\"enterprise\"},\"language\":\"de\","
	"\"class\":{\"label\":\"bug\",\"confidence\":0.41,\"escalate\":true},\"page\":\"/checkout\"}",
	"{\"id\":3,\"created_at\":\"2026-11-16T07:00:00Z\",\"text\":\"Checkout fails with E-4012 again\","
	"\"customer\":{\"id\":\"c3\",\"tier\":\"free\"},\"class\":{\"label\":\"bug\",\"confidence\":0.99}}",
	"{\"id\":4,\"created_at\":\"2026-11-16T07:00:00Z\",\"text\":\"Checkout fails with E-4012 again\","
	"\"customer\":{\"id\":\"c1\",\"tier\":\"pro\"},\"class\":{\"label\":\"bug\",\"confidence\":0.99}}",
	"{\"id\":5}",
	"{\"created_at\":\"garbage\",\"customer\":\"c5\",\"class\":[1,2],\"sentiment\":null,"
	"\"subject\":42,\"route\":{\"queue\":\"old\"}}",
};

#define FUZZ_NTICKETS (sizeof(fuzz_tickets) / sizeof(fuzz_tickets[0]))

#endif
