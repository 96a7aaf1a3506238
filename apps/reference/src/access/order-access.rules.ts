import {
  type AccessControlModuleOptions,
  definePolicy,
  type RbacOptions,
} from '@cqrs-ddd/access-control';
import { where } from '@cqrs-ddd/core';
import { SAGAS_TIMEOUT_PERMISSION } from '@cqrs-ddd/sagas';

/** What may be done with orders; commands and queries declare theirs with `@Authorize(...)`. */
export const OrderPermission = {
  READ: 'order:read',
  CREATE: 'order:create',
  ADD_ITEM: 'order:add-item',
  REMOVE_ITEM: 'order:remove-item',
  CONFIRM: 'order:confirm',
  CANCEL: 'order:cancel',
} as const;

/** Resource type of orders in access requests (ABAC policies and `@Authorize` resources). */
export const ORDER_RESOURCE = 'Order';

/**
 * The roles of DESIGN.md §6 and their permissions: readers read; writers create, edit and
 * cancel (and read); approvers confirm (and read). `platform-admin` grants no order permission
 * (see {@link OPERATIONS_ROLES}); it also lets a token act in another tenant (`X-Tenant-Id`).
 */
export const ORDER_ROLES: RbacOptions['roles'] = {
  'order:reader': [OrderPermission.READ],
  'order:writer': {
    permissions: [
      OrderPermission.CREATE,
      OrderPermission.ADD_ITEM,
      OrderPermission.REMOVE_ITEM,
      OrderPermission.CANCEL,
    ],
    inherits: ['order:reader'],
  },
  'order:approver': { permissions: [OrderPermission.CONFIRM], inherits: ['order:reader'] },
};

/**
 * Operations roles: `audit:reader` reads the tenant's audit trail (`GET /audit`);
 * `feature-flags:admin` reads and changes the tenant's flag overrides (`/feature-flags`);
 * `platform-admin` also manages the global flags every tenant falls back to.
 */
export const OPERATIONS_ROLES: RbacOptions['roles'] = {
  'audit:reader': ['audit:read'],
  'feature-flags:admin': ['feature-flags:read', 'feature-flags:manage'],
  'platform-admin': ['feature-flags:*'],
};

/** Permissions of the fulfilment commands (sent by the order fulfilment saga). */
export const FulfilmentPermission = {
  STOCK_RESERVE: 'stock:reserve',
  STOCK_RELEASE: 'stock:release',
  PAYMENT_CAPTURE: 'payment:capture',
  PAYMENT_REFUND: 'payment:refund',
  SHIP: 'order:ship',
} as const;

/** Role of the order fulfilment saga's principal (`saga:order-fulfilment`). */
export const FULFILMENT_ROLE = 'fulfilment';

/**
 * Roles of fulfilment: the saga's own role may run every fulfilment command, cancel orders (its
 * final compensation) and fire its timeouts; `sagas:admin` operates the saga admin API
 * (`/sagas`) of its tenant.
 */
export const FULFILMENT_ROLES: RbacOptions['roles'] = {
  [FULFILMENT_ROLE]: [
    ...Object.values(FulfilmentPermission),
    OrderPermission.CANCEL,
    OrderPermission.READ,
    SAGAS_TIMEOUT_PERMISSION,
  ],
  'sagas:admin': ['sagas:read', 'sagas:manage'],
};

/**
 * The app's ABAC rule — **customer scope**: a principal bound to one customer (its token carries
 * the attribute `customerId`, e.g. a customer-portal login or a sales rep's delegated token)
 * reads and changes only that customer's orders. Lists and counts are filtered in the read
 * store's query itself (push-down), single reads of another customer's order answer 404, and
 * commands on it (or creating an order for another customer) answer 403. Principals without
 * the attribute are not restricted by it.
 */
export const customerScopePolicy = definePolicy({
  name: 'customer-scope',
  description: "a principal bound to a customer may only touch that customer's orders",
  actions: ['order:*'],
  resourceType: ORDER_RESOURCE,
  condition: ({ principal }) => {
    const customerId = principal.attributes?.customerId;
    return typeof customerId === 'string' ? where('customerId').eq(customerId) : true;
  },
});

/** The app's `AccessControlModule` options: the roles above, the customer scope, deny by default. */
export const ORDER_ACCESS_CONTROL: AccessControlModuleOptions = {
  rbac: { roles: { ...ORDER_ROLES, ...OPERATIONS_ROLES, ...FULFILMENT_ROLES } },
  policies: [customerScopePolicy],
  defaultDecision: 'deny',
};
