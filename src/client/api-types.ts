// The API document as TypeScript types, made by openapi-typescript from /openapi.json. Do not edit: `npm run api:types`.

export interface paths {
    "/api/v1/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The routes
         * @description The first 200, by id. Takes no parameters, so it has no client error to answer.
         */
        get: operations["listRoutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/routes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A route with priceCents, groupSize, salesCount, availableSlots */
        get: operations["getRoute"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hotels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hotels with their room types
         * @description The first 200, by id. Takes no parameters, so it has no client error to answer.
         */
        get: operations["listHotels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hotels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A hotel with its room types */
        get: operations["getHotel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/room-types/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rooms left on each night of a stay (check-out exclusive, 1 to 30 nights) */
        get: operations["getRoomAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scenic-spots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scenic spots
         * @description The first 200, by id. Takes no parameters, so it has no client error to answer.
         */
        get: operations["listScenicSpots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scenic-spots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scenic spot */
        get: operations["getScenicSpot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scenic-spots/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tickets left on a day (null: unlimited) */
        get: operations["getScenicAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a route */
        post: operations["createRoute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/routes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a route: name, price, group size, departure date
         * @description Changes the named fields under the item's lease; a capacity below what is sold is 409 CAPACITY_BELOW_SOLD.
         */
        patch: operations["patchRoute"];
        trace?: never;
    };
    "/api/v1/admin/hotels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a hotel */
        post: operations["createHotel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/hotels/{id}/room-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a room type to a hotel */
        post: operations["createRoomType"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/room-types/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a room type: name, price per night, rooms
         * @description Changes the named fields under the item's lease; a capacity below what is sold is 409 CAPACITY_BELOW_SOLD.
         */
        patch: operations["patchRoomType"];
        trace?: never;
    };
    "/api/v1/admin/scenic-spots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a scenic spot */
        post: operations["createScenicSpot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/scenic-spots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a scenic spot: name, ticket price, daily quota
         * @description Changes the named fields under the item's lease; a capacity below what is sold is 409 CAPACITY_BELOW_SOLD.
         */
        patch: operations["patchScenicSpot"];
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's orders, newest first, a page at a time */
        get: operations["listOrders"];
        put?: never;
        /**
         * Book one item, or a package of 1 to 10 lines, all or none
         * @description Prices come from the database; hotel stays take every night or none. A user holds at most MAX_PENDING_UNITS_PER_ITEM unpaid units of one item (one night, one day) and MAX_PENDING_ORDERS_PER_USER unpaid orders (409 HOLD_LIMIT_REACHED, details.of units|orders); paying or cancelling frees the allowance at once. Admins and tokens with the claim trusted: true are exempt. A JSON object that names a key twice is 400 MALFORMED_JSON.
         */
        post: operations["placeOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderSn}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The order, its payments and refunds (owner or admin; anyone else 404) */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderSn}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The order's one payment intent: 201 when made, 200 after
         * @description Takes no body. The intent asks for what is left to pay (lines cancelled meanwhile are not paid for); `paymentId` is the intent id the provider echoes in its callback. A paid order answers its intent again (200, status succeeded); a cancelled or expired order is 409 ORDER_NOT_PENDING.
         */
        post: operations["payOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Signed provider notification: a payment, or a refund ({type: "refund"})
         * @description Payments are deduplicated by providerTxnId, refunds by providerRefundId: a redelivery answers 200 with duplicate: true, one that finds the first still in progress 409 CALLBACK_IN_PROGRESS (the provider retries). An amount that is not what is left to pay is 422 AMOUNT_MISMATCH and is recorded; a success for an order closed meanwhile takes its stock again if it is there, else is kept as refund_required.
         */
        post: operations["receivePaymentNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments that need a human (e.g. status=refund_required), newest first */
        get: operations["listPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{orderSn}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel the order, or some lines ({"lines": [0, 2]})
         * @description A pending order gives the stock back; a paid order, before every cancelled line starts, gives it back and is refunded their subtotals. The order is cancelled when no line is left booked. Cancelling a cancelled order answers it again (200); an expired order is 409 ORDER_NOT_PENDING; a paid line that started is 409 NOT_CANCELLABLE.
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refunds by status (e.g. status=failed), newest first */
        get: operations["listRefunds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/refunds/{refundId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the provider again for a failed refund */
        post: operations["retryRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/payments/{paymentId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund a refund_required payment (money that arrived for an order that had closed), whole */
        post: operations["refundPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: 200 while the process runs
         * @description Touches no dependency, so it has no error to answer.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: 200 when MySQL answers, a Redis lock quorum answers and the replica is not draining
         * @description Answers within 250 ms, whatever a dependency does. Takes no input, so it has no client error to answer.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition format. Takes no input, so it has no client error to answer.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document (OpenAPI 3.1)
         * @description Takes no input, so it has no client error to answer.
         */
        get: operations["getApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /**
                 * @description One code, one HTTP status (src/errors.ts)
                 * @enum {string}
                 */
                code: "MALFORMED_JSON" | "INVALID_HEADER" | "UNAUTHORIZED" | "BAD_SIGNATURE" | "STALE_SIGNATURE" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "INSUFFICIENT_STOCK" | "CAPACITY_BELOW_SOLD" | "IDEMPOTENCY_KEY_IN_USE" | "ORDER_NOT_PENDING" | "NOT_CANCELLABLE" | "HOLD_LIMIT_REACHED" | "REFUND_NOT_ALLOWED" | "CALLBACK_IN_PROGRESS" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNSUPPORTED_MEDIA_TYPE" | "VALIDATION_FAILED" | "IDEMPOTENCY_KEY_MISMATCH" | "AMOUNT_MISMATCH" | "INTERNAL" | "LOCK_BUSY" | "LOCK_UNAVAILABLE" | "LEASE_EXPIRED" | "DATABASE_UNAVAILABLE" | "REDIS_UNAVAILABLE" | "SHUTTING_DOWN";
                /** @description A sentence for a person; not for matching */
                message: string;
                /** @description What a program can act on: VALIDATION_FAILED has fields [{path, message}]; INSUFFICIENT_STOCK available, requested, line; HOLD_LIMIT_REACHED of, limit, held, requested; RATE_LIMITED per, limit, windowSeconds; ORDER_NOT_PENDING status; NOT_CANCELLABLE line, startsOn */
                details?: Record<string, never>;
            };
        };
        Route: {
            id: number;
            name: string;
            priceCents: number;
            groupSize: number;
            salesCount: number;
            availableSlots: number;
            departureDate: string | null;
        };
        RoomType: {
            id: number;
            hotelId: number;
            name: string;
            /** @description per night */
            priceCents: number;
            totalRooms: number;
        };
        Hotel: {
            id: number;
            name: string;
            roomTypes: {
                id: number;
                hotelId: number;
                name: string;
                /** @description per night */
                priceCents: number;
                totalRooms: number;
            }[];
        };
        ScenicSpot: {
            id: number;
            name: string;
            ticketPriceCents: number;
            /** @description null: unlimited */
            dailyQuota: number | null;
        };
        RouteList: {
            routes: {
                id: number;
                name: string;
                priceCents: number;
                groupSize: number;
                salesCount: number;
                availableSlots: number;
                departureDate: string | null;
            }[];
        };
        HotelList: {
            hotels: {
                id: number;
                name: string;
                roomTypes: {
                    id: number;
                    hotelId: number;
                    name: string;
                    /** @description per night */
                    priceCents: number;
                    totalRooms: number;
                }[];
            }[];
        };
        ScenicSpotList: {
            scenicSpots: {
                id: number;
                name: string;
                ticketPriceCents: number;
                /** @description null: unlimited */
                dailyQuota: number | null;
            }[];
        };
        RoomAvailability: {
            roomTypeId: number;
            nights: {
                /** Format: date */
                night: string;
                available: number;
            }[];
        };
        ScenicAvailability: {
            scenicSpotId: number;
            /** Format: date */
            date: string;
            /** @description null: unlimited */
            available: number | null;
        };
        PlaceOrder: {
            items: ({
                /** @constant */
                itemType: "route";
                itemId: number;
                quantity: number;
            } | {
                /** @constant */
                itemType: "hotel";
                itemId: number;
                roomTypeId: number;
                /** Format: date */
                checkIn: string;
                /** Format: date */
                checkOut: string;
                quantity: number;
            } | {
                /** @constant */
                itemType: "scenic";
                itemId: number;
                /** Format: date */
                visitDate: string;
                quantity: number;
            })[];
            contactName: string;
            contactPhone: string;
        } | ({
            /** @constant */
            itemType: "route";
            itemId: number;
            quantity: number;
            contactName: string;
            contactPhone: string;
        } | {
            /** @constant */
            itemType: "hotel";
            itemId: number;
            roomTypeId: number;
            /** Format: date */
            checkIn: string;
            /** Format: date */
            checkOut: string;
            quantity: number;
            contactName: string;
            contactPhone: string;
        } | {
            /** @constant */
            itemType: "scenic";
            itemId: number;
            /** Format: date */
            visitDate: string;
            quantity: number;
            contactName: string;
            contactPhone: string;
        });
        Order: {
            orderSn: string;
            /** @enum {string} */
            status: "pending" | "paid" | "cancelled" | "expired";
            totalCents: number;
            /** @constant */
            currency: "CNY";
            contactName: string;
            contactPhone: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            paidAt?: string;
            items: {
                /** @enum {string} */
                itemType: "route" | "hotel" | "scenic";
                itemId: number;
                itemName: string;
                priceCents: number;
                quantity: number;
                subtotalCents: number;
                roomTypeId?: number;
                /** Format: date */
                checkIn?: string;
                /** Format: date */
                checkOut?: string;
                nights?: number;
                /** Format: date */
                visitDate?: string;
                /** Format: date */
                startsOn?: string;
                /** @enum {string} */
                status: "booked" | "cancelled";
            }[];
        };
        OrderDetail: {
            orderSn: string;
            /** @enum {string} */
            status: "pending" | "paid" | "cancelled" | "expired";
            totalCents: number;
            /** @constant */
            currency: "CNY";
            contactName: string;
            contactPhone: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            paidAt?: string;
            items: {
                /** @enum {string} */
                itemType: "route" | "hotel" | "scenic";
                itemId: number;
                itemName: string;
                priceCents: number;
                quantity: number;
                subtotalCents: number;
                roomTypeId?: number;
                /** Format: date */
                checkIn?: string;
                /** Format: date */
                checkOut?: string;
                nights?: number;
                /** Format: date */
                visitDate?: string;
                /** Format: date */
                startsOn?: string;
                /** @enum {string} */
                status: "booked" | "cancelled";
            }[];
            payments: {
                /** @description this payment's own id; null while only the intent exists */
                paymentId: string | null;
                /**
                 * Format: uuid
                 * @description the order's intent: the paymentId that POST /pay answers and callbacks carry
                 */
                intentId: string;
                providerTxnId: string | null;
                amountCents: number;
                /** @enum {string} */
                status: "succeeded" | "failed" | "amount_mismatch" | "refund_required" | "requires_payment";
            }[];
            refunds: {
                /** Format: uuid */
                refundId: string;
                amountCents: number;
                /** @constant */
                currency: "CNY";
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                /** @description the order lines refunded (empty: a whole refund_required payment) */
                lines: number[];
            }[];
        };
        OrderWithRefunds: {
            orderSn: string;
            /** @enum {string} */
            status: "pending" | "paid" | "cancelled" | "expired";
            totalCents: number;
            /** @constant */
            currency: "CNY";
            contactName: string;
            contactPhone: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            paidAt?: string;
            items: {
                /** @enum {string} */
                itemType: "route" | "hotel" | "scenic";
                itemId: number;
                itemName: string;
                priceCents: number;
                quantity: number;
                subtotalCents: number;
                roomTypeId?: number;
                /** Format: date */
                checkIn?: string;
                /** Format: date */
                checkOut?: string;
                nights?: number;
                /** Format: date */
                visitDate?: string;
                /** Format: date */
                startsOn?: string;
                /** @enum {string} */
                status: "booked" | "cancelled";
            }[];
            refunds: {
                /** Format: uuid */
                refundId: string;
                amountCents: number;
                /** @constant */
                currency: "CNY";
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                /** @description the order lines refunded (empty: a whole refund_required payment) */
                lines: number[];
            }[];
        };
        OrderList: {
            orders: {
                orderSn: string;
                /** @enum {string} */
                status: "pending" | "paid" | "cancelled" | "expired";
                totalCents: number;
                /** @constant */
                currency: "CNY";
                contactName: string;
                contactPhone: string;
                /** Format: date-time */
                expiresAt: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                paidAt?: string;
                items: {
                    /** @enum {string} */
                    itemType: "route" | "hotel" | "scenic";
                    itemId: number;
                    itemName: string;
                    priceCents: number;
                    quantity: number;
                    subtotalCents: number;
                    roomTypeId?: number;
                    /** Format: date */
                    checkIn?: string;
                    /** Format: date */
                    checkOut?: string;
                    nights?: number;
                    /** Format: date */
                    visitDate?: string;
                    /** Format: date */
                    startsOn?: string;
                    /** @enum {string} */
                    status: "booked" | "cancelled";
                }[];
            }[];
            /** @description pass as cursor for the next page; null on the last */
            nextCursor: string | null;
        };
        PaymentCallback: {
            /** @constant */
            type?: "payment";
            /** Format: uuid */
            paymentId: string;
            orderSn: string;
            providerTxnId: string;
            amountCents: number;
            /** @enum {string} */
            status: "succeeded" | "failed";
        };
        PaymentIntent: {
            /**
             * Format: uuid
             * @description the intent's id: what the provider is given and its callbacks carry
             */
            paymentId: string;
            /**
             * Format: uuid
             * @description the same id, under the name GET /orders/{orderSn} uses beside each payment's own paymentId
             */
            intentId: string;
            orderSn: string;
            amountCents: number;
            /** @constant */
            currency: "CNY";
            /** @enum {string} */
            status: "succeeded" | "requires_payment";
        };
        PaymentCallbackAnswer: {
            /** @constant */
            received: true;
            /** @description true when this providerTxnId was processed before: nothing changed */
            duplicate: boolean;
            /** @enum {string} */
            orderStatus: "pending" | "paid" | "cancelled" | "expired" | "unknown";
            /**
             * @description what this transaction was recorded as
             * @enum {string}
             */
            paymentStatus: "succeeded" | "failed" | "amount_mismatch" | "refund_required";
        };
        RefundNoticeAnswer: {
            /** @constant */
            received: true;
            /** @description true when this providerRefundId was processed before: nothing changed */
            duplicate: boolean;
            /** @enum {string} */
            refundStatus: "pending" | "succeeded" | "failed";
        };
        AdminPaymentList: {
            payments: {
                /** Format: uuid */
                paymentId: string;
                /** Format: uuid */
                intentId: string;
                orderSn: string;
                /** @enum {string} */
                orderStatus: "pending" | "paid" | "cancelled" | "expired";
                providerTxnId: string;
                amountCents: number;
                /** @constant */
                currency: "CNY";
                /** @enum {string} */
                status: "succeeded" | "failed" | "amount_mismatch" | "refund_required";
                /** Format: date-time */
                createdAt: string;
            }[];
        };
        RefundNotice: {
            /** @constant */
            type: "refund";
            /** Format: uuid */
            refundId: string;
            providerRefundId: string;
            amountCents: number;
            /** @enum {string} */
            status: "succeeded" | "failed";
        };
        Refund: {
            /** Format: uuid */
            refundId: string;
            amountCents: number;
            /** @constant */
            currency: "CNY";
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            /** @description the order lines refunded (empty: a whole refund_required payment) */
            lines: number[];
        };
        AdminRefundList: {
            refunds: {
                /** Format: uuid */
                refundId: string;
                amountCents: number;
                /** @constant */
                currency: "CNY";
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                /** @description the order lines refunded (empty: a whole refund_required payment) */
                lines: number[];
                orderSn: string;
                /** Format: uuid */
                paymentId: string;
                attempts: number;
                /** Format: date-time */
                createdAt: string;
            }[];
        };
        Health: {
            /** @constant */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not ready";
            ready: boolean;
            /** @description why not ready: draining, mysql: <reason>, redis: only <n> of <m> lock masters answer */
            reasons: string[];
            checks: {
                /** @enum {string} */
                mysql: "ok" | "down" | "unknown";
                /** @description <up>/<all> up, <quorum> needed[; down: <master> (<reason>), …] */
                redisLockMasters: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The routes */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "routes": [
                     *         {
                     *           "id": 1,
                     *           "name": "Guilin and Yangshuo, 5 days",
                     *           "priceCents": 399900,
                     *           "groupSize": 10,
                     *           "salesCount": 2,
                     *           "availableSlots": 8,
                     *           "departureDate": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RouteList"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A route with priceCents, groupSize, salesCount, availableSlots */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Guilin and Yangshuo, 5 days",
                     *       "priceCents": 399900,
                     *       "groupSize": 10,
                     *       "salesCount": 2,
                     *       "availableSlots": 8,
                     *       "departureDate": null
                     *     }
                     */
                    "application/json": components["schemas"]["Route"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listHotels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hotels with their room types */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "hotels": [
                     *         {
                     *           "id": 1,
                     *           "name": "West Lake Garden Hotel",
                     *           "roomTypes": [
                     *             {
                     *               "id": 1,
                     *               "hotelId": 1,
                     *               "name": "Double room",
                     *               "priceCents": 68800,
                     *               "totalRooms": 5
                     *             },
                     *             {
                     *               "id": 2,
                     *               "hotelId": 1,
                     *               "name": "Lake-view suite",
                     *               "priceCents": 158800,
                     *               "totalRooms": 2
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["HotelList"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHotel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A hotel with its room types */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "West Lake Garden Hotel",
                     *       "roomTypes": [
                     *         {
                     *           "id": 1,
                     *           "hotelId": 1,
                     *           "name": "Double room",
                     *           "priceCents": 68800,
                     *           "totalRooms": 5
                     *         },
                     *         {
                     *           "id": 2,
                     *           "hotelId": 1,
                     *           "name": "Lake-view suite",
                     *           "priceCents": 158800,
                     *           "totalRooms": 2
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Hotel"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRoomAvailability: {
        parameters: {
            query: {
                /** @example 2027-05-01 */
                checkIn: string;
                /** @example 2027-05-03 */
                checkOut: string;
            };
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per night */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "roomTypeId": 1,
                     *       "nights": [
                     *         {
                     *           "night": "2027-05-01",
                     *           "available": 5
                     *         },
                     *         {
                     *           "night": "2027-05-02",
                     *           "available": 4
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RoomAvailability"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listScenicSpots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scenic spots */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scenicSpots": [
                     *         {
                     *           "id": 1,
                     *           "name": "Forbidden City",
                     *           "ticketPriceCents": 6000,
                     *           "dailyQuota": 40
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ScenicSpotList"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getScenicSpot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A scenic spot */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Forbidden City",
                     *       "ticketPriceCents": 6000,
                     *       "dailyQuota": 40
                     *     }
                     */
                    "application/json": components["schemas"]["ScenicSpot"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getScenicAvailability: {
        parameters: {
            query: {
                /** @example 2027-05-02 */
                date: string;
            };
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scenicSpotId": 1,
                     *       "date": "2027-05-02",
                     *       "available": 38
                     *     }
                     */
                    "application/json": components["schemas"]["ScenicAvailability"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRoute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    priceCents: number;
                    groupSize: number;
                    departureDate?: string | null;
                };
            };
        };
        responses: {
            /** @description The route, with its id */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Guilin and Yangshuo, 5 days",
                     *       "priceCents": 399900,
                     *       "groupSize": 10,
                     *       "salesCount": 0,
                     *       "availableSlots": 10,
                     *       "departureDate": null
                     *     }
                     */
                    "application/json": components["schemas"]["Route"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    priceCents?: number;
                    groupSize?: number;
                    departureDate?: string | null;
                };
            };
        };
        responses: {
            /** @description The route, changed */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Guilin and Yangshuo, 5 days",
                     *       "priceCents": 399900,
                     *       "groupSize": 10,
                     *       "salesCount": 2,
                     *       "availableSlots": 8,
                     *       "departureDate": null
                     *     }
                     */
                    "application/json": components["schemas"]["Route"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CAPACITY_BELOW_SOLD */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createHotel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description The hotel, with its id */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 2,
                     *       "name": "Riverside Inn",
                     *       "roomTypes": []
                     *     }
                     */
                    "application/json": components["schemas"]["Hotel"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRoomType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    priceCents: number;
                    totalRooms: number;
                };
            };
        };
        responses: {
            /** @description The roomtype, with its id */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "hotelId": 1,
                     *       "name": "Double room",
                     *       "priceCents": 68800,
                     *       "totalRooms": 5
                     *     }
                     */
                    "application/json": components["schemas"]["RoomType"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchRoomType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    priceCents?: number;
                    totalRooms?: number;
                };
            };
        };
        responses: {
            /** @description The roomtype, changed */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "hotelId": 1,
                     *       "name": "Double room",
                     *       "priceCents": 68800,
                     *       "totalRooms": 5
                     *     }
                     */
                    "application/json": components["schemas"]["RoomType"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CAPACITY_BELOW_SOLD */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createScenicSpot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    ticketPriceCents: number;
                    dailyQuota: number | null;
                };
            };
        };
        responses: {
            /** @description The scenicspot, with its id */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Forbidden City",
                     *       "ticketPriceCents": 6000,
                     *       "dailyQuota": 40
                     *     }
                     */
                    "application/json": components["schemas"]["ScenicSpot"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchScenicSpot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 1 */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    ticketPriceCents?: number;
                    dailyQuota?: number | null;
                };
            };
        };
        responses: {
            /** @description The scenicspot, changed */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "name": "Forbidden City",
                     *       "ticketPriceCents": 6000,
                     *       "dailyQuota": 40
                     *     }
                     */
                    "application/json": components["schemas"]["ScenicSpot"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CAPACITY_BELOW_SOLD */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOrders: {
        parameters: {
            query?: {
                /** @description only orders in this status */
                status?: "pending" | "paid" | "cancelled" | "expired";
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orders */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "orders": [
                     *         {
                     *           "orderSn": "BD20261201130917KM4FWKK9VG",
                     *           "status": "pending",
                     *           "totalCents": 799800,
                     *           "currency": "CNY",
                     *           "contactName": "Alice",
                     *           "contactPhone": "+86 138 0000 0000",
                     *           "expiresAt": "2026-12-01T13:24:17.881Z",
                     *           "createdAt": "2026-12-01T13:09:17.881Z",
                     *           "items": [
                     *             {
                     *               "itemType": "route",
                     *               "itemId": 1,
                     *               "itemName": "Guilin and Yangshuo, 5 days",
                     *               "priceCents": 399900,
                     *               "quantity": 2,
                     *               "subtotalCents": 799800,
                     *               "status": "booked"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    placeOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Scoped to the user, kept 24 h. The same key with the same body replays the first answer (same status and body, header Idempotent-Replayed: true) on any replica; with a different body 422 IDEMPOTENCY_KEY_MISMATCH; while the first is running 409 IDEMPOTENCY_KEY_IN_USE. An empty header, or a key that is not 1-255 visible ASCII characters, is 400 INVALID_HEADER with details.fields.
                 * @example trip-2027-05-alice
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "itemType": "route",
                 *       "itemId": 1,
                 *       "quantity": 2,
                 *       "contactName": "Alice",
                 *       "contactPhone": "+86 138 0000 0000"
                 *     }
                 */
                "application/json": components["schemas"]["PlaceOrder"];
            };
        };
        responses: {
            /** @description The order, pending until paid or expiresAt */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The order: /api/v1/orders/{orderSn} (absolute or from the root) */
                    Location?: string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "orderSn": "BD20261201130917KM4FWKK9VG",
                     *       "status": "pending",
                     *       "totalCents": 799800,
                     *       "currency": "CNY",
                     *       "contactName": "Alice",
                     *       "contactPhone": "+86 138 0000 0000",
                     *       "expiresAt": "2026-12-01T13:24:17.881Z",
                     *       "createdAt": "2026-12-01T13:09:17.881Z",
                     *       "items": [
                     *         {
                     *           "itemType": "route",
                     *           "itemId": 1,
                     *           "itemName": "Guilin and Yangshuo, 5 days",
                     *           "priceCents": 399900,
                     *           "quantity": 2,
                     *           "subtotalCents": 799800,
                     *           "status": "booked"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description INVALID_HEADER | MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INSUFFICIENT_STOCK | HOLD_LIMIT_REACHED | IDEMPOTENCY_KEY_IN_USE */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED | IDEMPOTENCY_KEY_MISMATCH */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REDIS_UNAVAILABLE | LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example BD20261201130917KM4FWKK9VG */
                orderSn: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "orderSn": "BD20261201130917KM4FWKK9VG",
                     *       "status": "paid",
                     *       "totalCents": 799800,
                     *       "currency": "CNY",
                     *       "contactName": "Alice",
                     *       "contactPhone": "+86 138 0000 0000",
                     *       "expiresAt": "2026-12-01T13:24:17.881Z",
                     *       "createdAt": "2026-12-01T13:09:17.881Z",
                     *       "items": [
                     *         {
                     *           "itemType": "route",
                     *           "itemId": 1,
                     *           "itemName": "Guilin and Yangshuo, 5 days",
                     *           "priceCents": 399900,
                     *           "quantity": 2,
                     *           "subtotalCents": 799800,
                     *           "status": "booked"
                     *         }
                     *       ],
                     *       "paidAt": "2026-12-01T13:09:18.123Z",
                     *       "payments": [
                     *         {
                     *           "paymentId": "01a231b9-50ac-711e-b856-4c06888fbfe3",
                     *           "intentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                     *           "providerTxnId": "txn-BD20261201130917KM4FWKK9VG",
                     *           "amountCents": 799800,
                     *           "status": "succeeded"
                     *         }
                     *       ],
                     *       "refunds": []
                     *     }
                     */
                    "application/json": components["schemas"]["OrderDetail"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    payOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Scoped to the user, kept 24 h. Pay takes no body: the same key for the same order replays the first answer (same status and body, header Idempotent-Replayed: true) on any replica; the same key for another order is 422 IDEMPOTENCY_KEY_MISMATCH; while the first is running 409 IDEMPOTENCY_KEY_IN_USE. An empty header, or a key that is not 1-255 visible ASCII characters, is 400 INVALID_HEADER with details.fields.
                 * @example trip-2027-05-alice
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @example BD20261201130917KM4FWKK9VG */
                orderSn: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The intent that exists already */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                     *       "intentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                     *       "orderSn": "BD20261201130917KM4FWKK9VG",
                     *       "amountCents": 799800,
                     *       "currency": "CNY",
                     *       "status": "requires_payment"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The intent, made now */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                     *       "intentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                     *       "orderSn": "BD20261201130917KM4FWKK9VG",
                     *       "amountCents": 799800,
                     *       "currency": "CNY",
                     *       "status": "requires_payment"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description INVALID_HEADER | MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ORDER_NOT_PENDING | IDEMPOTENCY_KEY_IN_USE */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED | IDEMPOTENCY_KEY_MISMATCH */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    /** @description "true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body) */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LOCK_UNAVAILABLE | REDIS_UNAVAILABLE | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receivePaymentNotification: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description t=<unix seconds>,v1=<hex HMAC-SHA256(PAYMENT_WEBHOOK_SECRET, "<t>.<raw body>")>, over the exact bytes sent; 300 s tolerance
                 * @example t=1809163800,v1=5f2b0c0d9e0a3c1c1f3e2f8b1a4d6e7c9b0a1d2e3f405162738495a6b7c8d9e0
                 */
                "Payment-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "paymentId": "01a231b9-5010-77d6-9154-a28b5fa87b2f",
                 *       "orderSn": "BD20261201130917KM4FWKK9VG",
                 *       "providerTxnId": "txn-BD20261201130917KM4FWKK9VG",
                 *       "amountCents": 799800,
                 *       "status": "succeeded"
                 *     }
                 */
                "application/json": components["schemas"]["PaymentCallback"] | components["schemas"]["RefundNotice"];
            };
        };
        responses: {
            /** @description Received (or received before: duplicate true) */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "orderStatus": "paid",
                     *       "paymentStatus": "succeeded"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentCallbackAnswer"] | components["schemas"]["RefundNoticeAnswer"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description BAD_SIGNATURE | STALE_SIGNATURE */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CALLBACK_IN_PROGRESS */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AMOUNT_MISMATCH | VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REDIS_UNAVAILABLE | LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPayments: {
        parameters: {
            query?: {
                status?: "succeeded" | "failed" | "amount_mismatch" | "refund_required";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The payments */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "payments": []
                     *     }
                     */
                    "application/json": components["schemas"]["AdminPaymentList"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example BD20261201130917KM4FWKK9VG */
                orderSn: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "lines": [
                 *         0
                 *       ]
                 *     }
                 */
                "application/json": {
                    lines: number[];
                };
            };
        };
        responses: {
            /** @description The order, with its refunds */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "orderSn": "BD20261201130917KM4FWKK9VG",
                     *       "status": "cancelled",
                     *       "totalCents": 799800,
                     *       "currency": "CNY",
                     *       "contactName": "Alice",
                     *       "contactPhone": "+86 138 0000 0000",
                     *       "expiresAt": "2026-12-01T13:24:17.881Z",
                     *       "createdAt": "2026-12-01T13:09:17.881Z",
                     *       "items": [
                     *         {
                     *           "itemType": "route",
                     *           "itemId": 1,
                     *           "itemName": "Guilin and Yangshuo, 5 days",
                     *           "priceCents": 399900,
                     *           "quantity": 2,
                     *           "subtotalCents": 799800,
                     *           "status": "cancelled"
                     *         }
                     *       ],
                     *       "paidAt": "2026-12-01T13:09:18.123Z",
                     *       "refunds": [
                     *         {
                     *           "refundId": "01a231b9-50fa-7352-86df-b4ff56083377",
                     *           "amountCents": 799800,
                     *           "currency": "CNY",
                     *           "status": "pending",
                     *           "lines": [
                     *             0
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["OrderWithRefunds"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ORDER_NOT_PENDING | NOT_CANCELLABLE */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REDIS_UNAVAILABLE | LOCK_BUSY | LOCK_UNAVAILABLE | LEASE_EXPIRED | DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    /** @description The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering */
                    "RateLimit-Policy"?: string;
                    /** @description The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends> */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRefunds: {
        parameters: {
            query?: {
                status?: "pending" | "succeeded" | "failed";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refunds */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "refunds": []
                     *     }
                     */
                    "application/json": components["schemas"]["AdminRefundList"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retryRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 0190f3c2-7d1e-7a4b-9c3d-2e1f0a9b8c7d */
                refundId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refund, pending again (or failed again when the provider refused once more) */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "refundId": "01a231b9-50fa-7352-86df-b4ff56083377",
                     *       "amountCents": 799800,
                     *       "currency": "CNY",
                     *       "status": "pending",
                     *       "lines": [
                     *         0
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REFUND_NOT_ALLOWED */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    refundPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 0190f3c2-7d1e-7a4b-9c3d-2e1f0a9b8c7d */
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refund */
            201: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "refundId": "01a231b9-50fa-7352-86df-b4ff56083377",
                     *       "amountCents": 799800,
                     *       "currency": "CNY",
                     *       "status": "pending",
                     *       "lines": []
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description MALFORMED_JSON */
            400: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHORIZED */
            401: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REFUND_NOT_ALLOWED */
            409: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description VALIDATION_FAILED */
            422: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description DATABASE_UNAVAILABLE */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    /** @description Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process runs */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to take traffic */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "ready": true,
                     *       "reasons": [],
                     *       "checks": {
                     *         "mysql": "ok",
                     *         "redisLockMasters": "1/1 up, 1 needed"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not ready, with the reasons */
            503: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not ready",
                     *       "ready": false,
                     *       "reasons": [
                     *         "redis: only 0 of 1 lock masters answer; 1 needed"
                     *       ],
                     *       "checks": {
                     *         "mysql": "ok",
                     *         "redisLockMasters": "0/1 up, 1 needed; down: redis://127.0.0.1:6379 (no answer within 150 ms)"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP orders_placed_total Orders placed
                     *     # TYPE orders_placed_total counter
                     *     orders_placed_total 2
                     */
                    "text/plain": string;
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document */
            200: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        openapi: "3.1.0";
                        info: Record<string, never>;
                        paths: Record<string, never>;
                    };
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    /** @description The request id: the caller's X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request */
                    "X-Request-Id": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
