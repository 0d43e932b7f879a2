"""Product tools: search, create (duplicate-safe), change prices, publish on the website."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient, idempotency
from odoo_tools.client.compat import ProductKind, product_kind_vals
from odoo_tools.errors import DuplicateSuspectedError, ModuleMissingError, OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.inventory import set_reorder_rule
from odoo_tools.names import like_literal
from odoo_tools.product_kinds import kind_domain, row_is_storable, storable_fields
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import Found, NotFound, RecordInput, resolve, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = [
    "DuplicateSuspectedError",
    "ProductInfo",
    "kind_domain",
    "read_products",
    "row_is_storable",
    "storable_fields",
]

BASE_FIELDS = ["display_name", "name", "default_code", "barcode", "type", "list_price", "standard_price", "categ_id",
               "product_tmpl_id", "uom_id", "active"]  # fmt: skip
# Present only with some apps or versions: read when the server has them.
OPTIONAL_FIELDS = ["is_storable", "detailed_type", "is_published"]


class ProductInfo(BaseModel):
    """A product (variant) as the agent shows it; prices are the template's."""

    id: int = Field(description="product.product id (what order lines and stock use)")
    template_id: int
    name: str
    display_name: str
    default_code: str | None = Field(default=None, description="Internal reference")
    barcode: str | None = None
    type: Literal["goods", "service", "combo"]
    storable: bool = Field(description="Stock is tracked (needs Inventory)")
    list_price: float = Field(description="Sales price")
    standard_price: float = Field(description="Cost")
    category: str | None = None
    uom: str | None = None
    published: bool | None = Field(default=None, description="On the website; None without eCommerce")
    active: bool = True

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ProductInfo:
        storable = row_is_storable(row)
        kind = {"service": "service", "combo": "combo"}.get(row["type"], "goods")
        return cls(
            id=row["id"], template_id=row["product_tmpl_id"][0], name=row["name"], display_name=row["display_name"],
            default_code=row["default_code"] or None, barcode=row["barcode"] or None, type=kind, storable=storable,
            list_price=row["list_price"], standard_price=row["standard_price"],
            category=row["categ_id"][1] if row["categ_id"] else None, uom=row["uom_id"][1] if row["uom_id"] else None,
            published=row.get("is_published"), active=row["active"],
        )  # fmt: skip

    def ref(self) -> RecordRef:
        return RecordRef(model="product.product", id=self.id, display_name=self.display_name)


def _fields(client: OdooClient) -> list[str]:
    return BASE_FIELDS + [f for f in OPTIONAL_FIELDS if client.has_field("product.product", f)]


def read_products(client: OdooClient, ids: list[int]) -> list[ProductInfo]:
    """Read product variants by id, in the order given."""
    rows = {r["id"]: r for r in client.read("product.product", ids, _fields(client))}
    return [ProductInfo.from_row(rows[i]) for i in ids if i in rows]


class ProductList(ToolResult):
    products: list[ProductInfo]


class ProductSearch(ToolInput):
    """Filters are combined with AND; text filters are case-insensitive 'contains'."""

    name: str | None = None
    default_code: str | None = Field(default=None, description="Internal reference, e.g. FURN_0001")
    barcode: str | None = Field(default=None, description="Exact barcode")
    category: str | None = Field(default=None, description="Category name, e.g. 'Office' or 'Furniture / Office'")
    kind: Literal["any", "goods", "service", "storable"] = Field(
        default="any",
        description="goods = every physical product (called 'consumable' in older Odoo), storable = stock tracked",
    )
    published: bool | None = Field(default=None, description="Only (un)published products; needs eCommerce")
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")


@tool(domain="products", risk=Risk.READ)
def product_search(client: OdooClient, args: ProductSearch) -> ProductList:
    """Search products by name, internal reference, barcode, category or kind (goods, service, storable)."""
    domain: list[Any] = [[f, "ilike", like_literal(v)] for f in ("name", "default_code") if (v := getattr(args, f))]
    if args.barcode:
        domain.append(["barcode", "=", args.barcode.strip()])
    if args.category:
        domain.append(["categ_id.complete_name", "ilike", like_literal(args.category)])
    if args.kind != "any":
        domain += kind_domain(client, args.kind)
    if args.published is not None:
        if not client.has_field("product.product", "is_published"):
            raise ModuleMissingError(
                t("products.filtering_publication_needs_ecommerce")
            )  # fmt: skip
        domain.append(["is_published", "=", args.published])
    rows = client.search_read(
        "product.product", domain, _fields(client), limit=args.limit, offset=args.offset, order="name, id"
    )
    products = [ProductInfo.from_row(r) for r in rows]
    return ProductList(
        message=t("products.product_s_found", n=len(products)) if products
        else t("products.product_matches"),
        found=[p.ref() for p in products], products=products,
    )  # fmt: skip


class ProductResult(ToolResult):
    product: ProductInfo


class ProductCreate(ToolInput):
    name: str = Field(min_length=1)
    kind: ProductKind | None = Field(
        default=None, description="goods, service or storable; default storable when min_qty is given, else goods"
    )
    list_price: float | None = Field(default=None, ge=0, description="Sales price")
    standard_price: float | None = Field(default=None, ge=0, description="Cost")
    default_code: str | None = Field(default=None, description="Internal reference")
    barcode: str | None = None
    category: RecordInput | None = Field(default=None, description="Product category (id or name)")
    min_qty: float | None = Field(default=None, ge=0, description="Minimum stock: adds a reorder rule (Inventory)")
    max_qty: float | None = Field(default=None, ge=0, description="Reorder up to this quantity (default min_qty)")
    allow_similar: bool = Field(default=False, description="Create even if a similar product exists")
    idempotency_key: str | None = None


class ProductCreated(ProductResult):
    reorder_rule: RecordRef | None = None


def _refuse_duplicates(client: OdooClient, args: ProductCreate) -> None:
    match = resolve(client, "product.product", args.name)
    if not isinstance(match, NotFound):  # found or ambiguous: something plausible exists
        names = [match.record] if isinstance(match, Found) else [c.record for c in match.candidates[:3]]
        raise DuplicateSuspectedError(
            t("products.similar_product_already_exists", names=", ".join(r.display_name for r in names)),
            model="product.product",
        )
    for field in ("default_code", "barcode"):
        value = getattr(args, field)
        by_code = [[field, "=ilike", like_literal(value)]] if value else []
        rows = client.search_read("product.product", by_code, ["display_name"], limit=1) if by_code else []
        if rows:
            raise DuplicateSuspectedError(
                t("products.already_has", name=rows[0]["display_name"], field=field, value=value),
                model="product.product",
            )


def _create_vals(client: OdooClient, args: ProductCreate, kind: ProductKind) -> dict[str, Any]:
    try:
        vals = product_kind_vals(client.fields_get("product.template"), kind)
    except ValueError as exc:  # storable without the stock module
        raise ModuleMissingError(str(exc)) from None  # compat words it in the person's language
    vals["name"] = args.name.strip()
    vals.update(args.model_dump(include={"list_price", "standard_price", "default_code", "barcode"}, exclude_none=True))
    if args.category is not None:
        vals["categ_id"] = resolve_one(client, "product.category", args.category).id
    return vals


@tool(domain="products", risk=Risk.WRITE)
def product_create(client: OdooClient, args: ProductCreate) -> ProductCreated:
    """Create a product, refusing when a similar one exists; min_qty also adds a min/max reorder rule.

    With an idempotency_key already used, the product created then is returned (nothing new).
    """
    if args.idempotency_key and (tid := idempotency.lookup(client, "product.template", args.idempotency_key)):
        info = _template_variant(client, tid)
        return ProductCreated(message=t("products.already_created", name=info.display_name),
                              found=[info.ref()], product=info)  # fmt: skip
    kind: ProductKind = args.kind or ("storable" if args.min_qty is not None else "goods")
    if args.min_qty is not None and kind != "storable":
        raise OdooValidationError(
            t("products.minimum_stock_needs_storable")
        )  # fmt: skip
    if not args.allow_similar:
        _refuse_duplicates(client, args)
    tid = client.create("product.template", _create_vals(client, args, kind), idempotency_key=args.idempotency_key)
    info = _template_variant(client, tid)
    created, rule = [info.ref()], None
    if args.min_qty is not None:
        rule = set_reorder_rule(client, info.id, args.min_qty, args.max_qty, None).rule
        created.append(rule)
    extra = t("products.reorder_rule_min",
              qty=args.min_qty) if rule else ""  # fmt: skip
    return ProductCreated(message=t("products.created", name=info.display_name,
                                    extra=extra),
                          created=created, product=info, reorder_rule=rule)  # fmt: skip


def _template_variant(client: OdooClient, tid: int) -> ProductInfo:
    variant = client.read("product.template", [tid], ["product_variant_id"])[0]["product_variant_id"]
    return read_products(client, [variant[0]])[0]


class ProductPrice(ToolInput):
    product: RecordInput
    list_price: float | None = Field(default=None, ge=0, description="New sales price")
    standard_price: float | None = Field(default=None, ge=0, description="New cost")


class PriceChange(ProductResult):
    old_list_price: float
    old_standard_price: float


@tool(domain="products", risk=Risk.WRITE)
def product_update_price(client: OdooClient, args: ProductPrice) -> PriceChange:
    """Change a product's sales price (list_price) and/or cost (standard_price)."""
    vals = args.model_dump(include={"list_price", "standard_price"}, exclude_none=True)
    if not vals:
        raise OdooValidationError(
            t("products.nothing_change_give_list")
        )  # fmt: skip
    before = read_products(client, [resolve_one(client, "product.product", args.product).id])[0]
    # list_price lives on the template (shared by variants); cost is per variant: write each where it belongs.
    if "list_price" in vals:
        client.write("product.template", [before.template_id], {"list_price": vals["list_price"]})
    if "standard_price" in vals:
        client.write("product.product", [before.id], {"standard_price": vals["standard_price"]})
    info = read_products(client, [before.id])[0]
    labels = (("list_price", t("products.sales_price")), ("standard_price", t("products.cost")))
    parts = [f"{label} {getattr(before, f):g} -> {getattr(info, f):g}" for f, label in labels if f in vals]
    return PriceChange(message=t("products.price_changed", name=info.display_name,
                                 parts=", ".join(parts)),
                       changed=[info.ref()], product=info, old_list_price=before.list_price,
                       old_standard_price=before.standard_price)  # fmt: skip


class ProductPublish(ToolInput):
    product: RecordInput
    published: bool = Field(default=True, description="False unpublishes")


@tool(domain="products", risk=Risk.WRITE, modules=("website_sale",))
def product_publish(client: OdooClient, args: ProductPublish) -> ProductResult:
    """Publish a product on the website shop, or unpublish it."""
    ref = resolve_one(client, "product.product", args.product)
    tid = read_products(client, [ref.id])[0].template_id
    client.write("product.template", [tid], {"is_published": args.published})
    info = read_products(client, [ref.id])[0]
    message = (
        t("products.published_website", name=info.display_name)
        if info.published
        else t("products.unpublished_website", name=info.display_name)
    )
    return ProductResult(message=message, changed=[info.ref()], product=info)
