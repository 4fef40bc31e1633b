/**
 * The simulated store's products: each a few size variants at one price, one more expensive variant (a choice a
 * customer may see but that is no even swap), and the odd variant not for sale. The SKUs the order generators use
 * (this sim's generateOrder and the sandbox world, test/sandbox/world/generate.ts) are among them, so every line
 * they write has a variant and a product whose other variants it can be swapped to. Shaped as Shopify's Product and
 * ProductVariant (Admin GraphQL): ProductVariant.price is Money in the shop's currency (SHOP_CURRENCY).
 */

export const SHOP_CURRENCY = 'USD';

export interface SimProductVariant {
	__typename: 'ProductVariant';
	id: string;
	legacyResourceId: string;
	sku: string;
	/** The variant's own title ("M"). */
	title: string;
	displayName: string;
	price: string;
	availableForSale: boolean;
	product: SimProduct;
}

export interface SimProduct {
	__typename: 'Product';
	id: string;
	legacyResourceId: string;
	title: string;
	variants: SimProductVariant[];
}

/** [title, [sku, variant title, price, for sale]...] */
type ProductSpec = [string, Array<[string, string, string, boolean]>];

const PRODUCT_SPECS: ProductSpec[] = [
	[
		'Black tee',
		[
			['TEE-BLK-S', 'S', '24.00', false],
			['TEE-BLK-M', 'M', '24.00', true],
			['TEE-BLK-L', 'L', '24.00', true],
			['TEE-BLK-XL', 'XL', '28.00', true],
		],
	],
	[
		'White tee',
		[
			['TEE-WHT-S', 'S', '24.00', true],
			['TEE-WHT-M', 'M', '24.00', true],
			['TEE-WHT-L', 'L', '24.00', true],
			['TEE-WHT-XL', 'XL', '28.00', true],
		],
	],
	[
		'Stoneware mug',
		[
			['MUG-12', '12 oz', '18.00', true],
			['MUG-16', '16 oz', '18.00', true],
			['MUG-20', '20 oz', '22.00', true],
		],
	],
	[
		'Stoneware mug',
		[
			['MUG-12OZ', '12 oz', '18.00', true],
			['MUG-16OZ', '16 oz', '18.00', true],
			['MUG-20OZ', '20 oz', '22.00', true],
		],
	],
	[
		'Navy cap',
		[
			['CAP-NVY', 'S/M', '20.00', true],
			['CAP-NVY-LXL', 'L/XL', '20.00', true],
			['CAP-NVY-FIT', 'Fitted', '26.00', true],
		],
	],
	[
		'Socks, 3-pack',
		[
			['SOCK-3PK-S', 'S', '12.00', true],
			['SOCK-3PK', 'M', '12.00', true],
			['SOCK-3PK-L', 'L', '12.00', true],
			['SOCK-6PK', '6-pack', '21.00', true],
		],
	],
	[
		'Steel bottle',
		[
			['BOTTLE-500', '500 ml', '30.00', true],
			['BOTTLE-750', '750 ml', '30.00', true],
			['BOTTLE-1000', '1 l', '36.00', true],
		],
	],
];

const PRODUCT_ID_BASE = 8_100_000_000_000;
const VARIANT_ID_BASE = 44_100_000_000_000;

function build(): SimProduct[] {
	return PRODUCT_SPECS.map(([title, variants], p) => {
		const productNumber = PRODUCT_ID_BASE + p;
		const product: SimProduct = {
			__typename: 'Product',
			id: `gid://shopify/Product/${productNumber}`,
			legacyResourceId: String(productNumber),
			title,
			variants: [],
		};
		product.variants = variants.map(([sku, variantTitle, price, forSale], v) => {
			const number = VARIANT_ID_BASE + p * 100 + v;
			return {
				__typename: 'ProductVariant',
				id: `gid://shopify/ProductVariant/${number}`,
				legacyResourceId: String(number),
				sku,
				title: variantTitle,
				displayName: `${title} - ${variantTitle}`,
				price,
				availableForSale: forSale,
				product,
			};
		});
		return product;
	});
}

export const SIM_PRODUCTS: readonly SimProduct[] = build();

const BY_SKU = new Map(SIM_PRODUCTS.flatMap((p) => p.variants.map((v) => [v.sku, v] as const)));
const BY_ID = new Map(SIM_PRODUCTS.flatMap((p) => p.variants.map((v) => [v.id, v] as const)));

/** The variant a line's SKU names; undefined for a SKU the store does not sell (a custom item). */
export function variantOfSku(sku: string | null | undefined): SimProductVariant | undefined {
	return sku ? BY_SKU.get(sku) : undefined;
}

export function variantById(id: string): SimProductVariant | undefined {
	return BY_ID.get(id);
}
