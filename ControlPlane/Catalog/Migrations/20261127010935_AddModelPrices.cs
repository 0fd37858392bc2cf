using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Catalog.Migrations
{
    /// <inheritdoc />
    public partial class AddModelPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_prices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ai_provider = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    model_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    input_per_million = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false),
                    output_per_million = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false),
                    cached_input_per_million = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_prices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_model_prices_ai_provider_model_key",
                table: "model_prices",
                columns: new[] { "ai_provider", "model_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_prices");
        }
    }
}
